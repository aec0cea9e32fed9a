"""The version of sampingdesa (read by the build, `sampingdesa --version` and the report's
footer; `sampingdesa.__version__` is the same)."""

__version__ = "0.1.0"
