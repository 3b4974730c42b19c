"""Scrapy commands of the catalogue (``COMMANDS_MODULE``): ``scrapy crawl`` replaced by
one that takes the crawl lock and exits 0 / 1 / 2 (``catalogue.harvest.outcome``)."""
