"""An annotated digital edition: seeds in, Markdown pages with stable paragraph anchors out."""

__version__ = "0.1.0"
