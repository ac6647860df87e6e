"""A minimal Pelican site comparable to asklog's output: entry pages, tag pages,
a paginated index (10 per page) and one Atom feed; the same Markdown extensions."""

AUTHOR = "Benchmark"
SITENAME = "A synthetic journey"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PATH = "content"
PAGE_PATHS = ["pages"]
THEME = "simple"
THEME_TEMPLATES_OVERRIDES = ["templates"]

DEFAULT_PAGINATION = 10
ARTICLE_URL = "asks/{slug}/"
ARTICLE_SAVE_AS = "asks/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
DIRECT_TEMPLATES = ["index", "tags"]

# Nothing the other generators do not make either.
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = "feed.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None
TAG_FEED_ATOM = None
STATIC_PATHS: list[str] = []

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"toc_depth": "2-4"},
        "markdown.extensions.smarty": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# The content cache: what makes Pelican's rebuild after one edit fast.
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
CONTENT_CACHING_LAYER = "reader"
