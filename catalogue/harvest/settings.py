"""Scrapy settings of the catalogue's crawl (``scrapy.cfg`` points here).

Scrapy's own machinery applies to every request: AutoThrottle, retries, per-host
concurrency, stats. The catalogue's settings (publishers, forges, tokens, database)
are not Scrapy settings: ``catalogue crawl`` passes its frozen ``Settings`` object as
``CATALOGUE_SETTINGS``; ``scrapy crawl github`` reads them from the environment
(``CATALOGUE_CONFIG``, ``CATALOGUE_PUBLISHERS``, ``CATALOGUE_DB``) once, at start.
"""

BOT_NAME = "catalogue"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = "catalogue/0.1 (+https://developer.overheid.nl; software catalogue crawler)"
ROBOTSTXT_OBEY = False  # APIs, not web pages; the forges' API terms govern access
COOKIES_ENABLED = False

# No open doors in the process that holds the tokens: Scrapy's telnet console and its
# remote-control HTTP server (Scrapy 2.19+, whose /execute runs code in the crawler and
# whose job file with a bearer token goes to ~/.local/state/scrapy) are off, by setting
# and as extensions.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
    # Every ERROR logged during the crawl goes into the crawl record; the outcome of
    # each crawler decides the exit status (0 ok, 1 errors, 2 failed).
    "catalogue.harvest.outcome.CrawlOutcome": 100,
    # A progress line per forge host every CATALOGUE_PROGRESS_INTERVAL seconds.
    "catalogue.harvest.progress.Progress": 500,
}
CATALOGUE_PROGRESS_INTERVAL = 30.0
# ``scrapy crawl`` exits 0 / 1 / 2 like ``catalogue crawl`` and takes the same lock.
COMMANDS_MODULE = "catalogue.harvest.commands"

# Several requests in flight, a few per forge host.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0
DOWNLOAD_TIMEOUT = 60
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0

# Retries: server errors and timeouts only. 403/404/409/451 are answers, not failures.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]

DOWNLOADER_MIDDLEWARES = {
    # First of all: nothing leaves for a host that no forge table configures.
    "catalogue.harvest.hostguard.HostGuardMiddleware": 50,
    # Retry-After and rate-limit budgets before Scrapy's own retry middleware (550).
    "catalogue.harvest.middlewares.RateLimitMiddleware": 540,
    # GraphQL answers without their data, asked again (after rate limits are judged).
    "catalogue.harvest.middlewares.AnswerWithoutDataRetryMiddleware": 530,
    # Repository files (publiccode.yml, README) are not downloaded past 2 MiB.
    "catalogue.harvest.middlewares.FileSizeLimitMiddleware": 560,
    # Tokens are added last, right before the download, from memory only: they are
    # never part of a scheduled request (JOBDIR) or a spider's meta.
    "catalogue.harvest.middlewares.ForgeAuthMiddleware": 950,
}

# Conditional requests for the REST paths: Scrapy's HTTP cache with its RFC 2616 policy
# revalidates with If-None-Match / If-Modified-Since (a 304 costs no GitHub budget).
# GraphQL answers are never cached (``dont_cache``). Tokens never reach the cache:
# ForgeAuthMiddleware removes them before the cache middleware stores a request.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
# Under the output directory (OUTPUT/cache/http), never Scrapy's .scrapy/ in the working
# directory; an absolute HTTPCACHE_DIR is taken as it is.
HTTPCACHE_STORAGE = "catalogue.harvest.cache.OutputCacheStorage"
HTTPCACHE_IGNORE_HTTP_CODES = [401, 403, 429, 500, 502, 503, 504]

ITEM_PIPELINES = {
    "catalogue.harvest.pipelines.NormalisePipeline": 300,
    "catalogue.harvest.pipelines.StorePipeline": 800,
}

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
