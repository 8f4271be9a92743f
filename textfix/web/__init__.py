"""textfix in a browser: the notebook view of a repair (:mod:`textfix.web.html`) and the
local web page of ``textfix serve`` (:mod:`textfix.web.server`, with its static
``index.html``, ``app.js`` and ``style.css``)."""
