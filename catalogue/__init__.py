"""catalogue: the open source software catalogue behind developer.overheid.nl.

One data flow in four stages: harvest (``spiders/``, Scrapy), normalise
(``catalogue.normalise``, ``catalogue.publiccode``), store (``catalogue.db``) and render
(``catalogue.site`` with the Jinja2 templates in ``site_templates/``).
"""

__version__ = "0.1.0"
