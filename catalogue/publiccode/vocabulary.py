"""The publiccode.yml standard's fixed vocabularies and versions.

Sources: the publiccode.yml standard (https://github.com/publiccodeyml/publiccode.yml,
``docs/standard/schema.core.rst``, ``categories-list.rst``, ``scope-list.rst``,
the ``supports`` aliases list of v0.7) and the versions accepted by the reference
validator italia/publiccode-parser-go (v5, ``SupportedVersions``).
"""

from __future__ import annotations

#: ``publiccodeYmlVersion`` values accepted, in the spellings the reference accepts.
SUPPORTED_VERSIONS = (
    "0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0",
    "0.5", "0.5.0", "0.7", "0.7.0", "0",
)
#: The current version, the one every accepted file is parsed as.
LATEST_VERSION = "0"
#: Versions read without the "not the latest version" warning.
CURRENT_VERSIONS = frozenset({"0", "0.5", "0.5.0", "0.7", "0.7.0"})

DEVELOPMENT_STATUS = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web",
    "standalone/backend", "standalone/other", "addon", "library", "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
#: Suggested platform values; the standard allows other human-readable values.
PLATFORMS = ("web", "windows", "mac", "linux", "ios", "android")

CATEGORIES = frozenset("""
accounting agile-project-management applicant-tracking application-development
appointment-scheduling backup billing-and-invoicing blog budgeting business-intelligence
business-process-management cad call-center-management cloud-management collaboration
communications compliance-management contact-management content-management crm
customer-service-and-support data-analytics design design-system educational-content integrated-library-system regulations-and-directives data-collection data-visualization
digital-asset-management digital-citizenship document-management donor-management
e-commerce e-signature email-management email-marketing employee-management
enterprise-project-management enterprise-social-networking erp event-management
facility-management feedback-and-reviews-management financial-reporting fleet-management
fundraising gamification geographic-information-systems grant-management graphic-design
help-desk hr ide identity-management instant-messaging inventory-management
it-asset-management it-development it-management it-security it-service-management
knowledge-management learning-management-system marketing mind-mapping mobile-marketing
mobile-payment network-management office other online-booking online-community payment-gateway
payroll predictive-analysis procurement productivity-suite project-collaboration
project-management property-management real-estate-management remote-support
resource-management sales-management seo service-desk social-media-management survey
talent-management task-management taxes-management test-management time-management
time-tracking translation video-conferencing video-editing visitor-management voip
warehouse-management web-collaboration web-conferencing website-builder whistleblowing
workflow-management
""".split())

SCOPES = frozenset("""
agriculture culture defence education emergency-services employment energy environment
finance-and-economic-development foreign-affairs government healthcare infrastructures
justice local-authorities manufacturing research science-and-technology security society
sport tourism transportation welfare
""".split())

#: Known ``supports[].id`` aliases (``alias:<name>``), publiccode.yml 0.7.
SUPPORT_ALIASES = frozenset({"gdpr", "eidas", "nis2", "cra", "spid", "cie", "anpr", "pagopa", "io"})

#: Logo file extensions the reference accepts.
LOGO_EXTENSIONS = (".svg", ".svgz", ".png")
#: ``IT.countryExtensionVersion`` values.
IT_EXTENSION_VERSIONS = ("0.2", "1.0")

CATEGORIES_URL = "https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/categories-list.rst"
SCOPE_URL = "https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/scope-list.rst"
ALIASES_URL = "https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/aliases-list.rst"
SPEC_URL = "https://yml.publiccode.tools/"
