"""asklog: a static site generator for people chasing 1,000 rejections."""

__version__ = "0.1.0"
