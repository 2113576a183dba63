"""Text analysis shared by the stages that set display text: where Chinese phrases begin and end."""
