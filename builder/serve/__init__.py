"""The live preview: a local web page that shows the current spread and rebuilds it on every save.

Input: a feature folder (and the build options). Output: an ASGI app
(:mod:`.app`, Starlette, served by uvicorn) on the loopback interface: the
proof of the spread with switchable overlays drawn by the browser from
:class:`~builder.preview.shapes.Overlay`, the problem list beside it, the last
good PDF to download. A watcher (watchfiles) rebuilds when anything under the
feature, the project's ``layouts/``, ``fonts/``, ``assets/`` or
``broadsheet.toml`` changes; the page learns of each new proof by
server-sent events. Builds run in a worker process (:mod:`.worker`) that
stays warm between them and rasterises only the pages that changed.
"""
