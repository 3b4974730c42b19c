"""Translatable labels for the site's coded values (statuses, severities, problem kinds).

The values come from the records and from ``catalogue.maintenance``; a value without a
label (the status is an open set) is shown as written.
"""

from __future__ import annotations

from catalogue.maintenance import N_

STATUS_LABELS: dict[str, str] = {
    "actively-maintained": N_("Actively maintained"),
    "maintained": N_("Maintained"),
    "active": N_("Active"),
    "low-activity": N_("Low activity"),
    "stale": N_("Stale"),
    "unmaintained": N_("Unmaintained"),
    "declared-unmaintained": N_("Declared unmaintained"),
    "obsolete": N_("Obsolete"),
    "archived": N_("Archived"),
    "unknown": N_("Unknown"),
}

#: The order statuses are listed in (best first); a status not here comes after them.
STATUS_ORDER: tuple[str, ...] = tuple(STATUS_LABELS)

#: The colour family of a status badge: ``good``, ``fair``, ``poor``, ``closed``;
#: anything else (an unknown status) is ``neutral``.
STATUS_TONES: dict[str, str] = {
    "actively-maintained": "good",
    "maintained": "good",
    "active": "good",
    "low-activity": "fair",
    "stale": "poor",
    "unmaintained": "poor",
    "declared-unmaintained": "poor",
    "obsolete": "closed",
    "archived": "closed",
}


def status_tone(status: str) -> str:
    """Return the colour family of ``status`` (see :data:`STATUS_TONES`), ``neutral`` when unknown."""
    return STATUS_TONES.get(status, "neutral")


SEVERITY_LABELS: dict[str, str] = {
    "error": N_("Error"),
    "warning": N_("Warning"),
}

PROBLEM_KIND_LABELS: dict[str, str] = {
    "access": N_("The forge refused access"),
    "not_found": N_("Not found"),
    "server": N_("Server error at the forge"),
    "decode": N_("An answer could not be read"),
}

FORK_TYPE_LABELS: dict[str, str] = {
    "TECHNICAL_FORK": N_("Technical fork (publiccode.yml points to the original)"),
    "VARIANT_FORK": N_("Variant (publiccode.yml declares isBasedOn)"),
    "GIT_FORK": N_("Fork on the forge"),
    "URL_MISTAKE": N_("publiccode.yml url points to another repository"),
}

#: Search filter "kind": what a repository is, fork-wise (``None``: an original).
KIND_LABELS: dict[str, str] = {
    "ORIGINAL": N_("Original"),
    "TECHNICAL_FORK": N_("Technical fork"),
    "VARIANT_FORK": N_("Variant"),
    "GIT_FORK": N_("Fork on the forge"),
    "URL_MISTAKE": N_("publiccode.yml url points elsewhere"),
}

#: Search filter "where to help".
HELP_LABELS: dict[str, str] = {
    "good_first_issue": N_("Has good first issues"),
    "help_wanted": N_("Has help wanted issues"),
}

PUBLICCODE_STATE_LABELS: dict[str, str] = {
    "errors": N_("Errors in publiccode.yml"),
    "warnings": N_("Warnings in publiccode.yml"),
    "unreadable": N_("publiccode.yml could not be read"),
    "missing": N_("No publiccode.yml"),
    "valid": N_("Valid publiccode.yml"),
}

#: publiccode.yml ``softwareType`` (spec 0.4).
SOFTWARE_TYPE_LABELS: dict[str, str] = {
    "standalone/mobile": N_("Mobile app"),
    "standalone/iot": N_("Internet of things"),
    "standalone/desktop": N_("Desktop application"),
    "standalone/web": N_("Web application"),
    "standalone/backend": N_("Backend service"),
    "standalone/other": N_("Stand-alone software"),
    "addon": N_("Add-on to other software"),
    "library": N_("Library"),
    "configurationFiles": N_("Configuration files"),
}

#: publiccode.yml ``developmentStatus``.
DEVELOPMENT_STATUS_LABELS: dict[str, str] = {
    "concept": N_("Concept"),
    "development": N_("In development"),
    "beta": N_("Beta"),
    "stable": N_("Stable"),
    "obsolete": N_("Obsolete"),
}

#: publiccode.yml ``maintenance.type``.
MAINTENANCE_TYPE_LABELS: dict[str, str] = {
    "internal": N_("Maintained by the organisation itself"),
    "contract": N_("Maintained by contractors"),
    "community": N_("Maintained by a community"),
    "none": N_("Not maintained"),
}

#: publiccode.yml ``platforms`` (an open list; these are the spec's examples).
PLATFORM_LABELS: dict[str, str] = {
    "web": N_("Web"),
    "windows": "Windows",
    "mac": "macOS",
    "linux": "Linux",
    "ios": "iOS",
    "android": "Android",
}

#: publiccode.yml ``dependsOn`` groups.
DEPENDENCY_KIND_LABELS: dict[str, str] = {
    "open": N_("Open source"),
    "proprietary": N_("Proprietary"),
    "hardware": N_("Hardware"),
}

#: How another repository of the catalogue is related (``catalogue.site.views.RelatedView``).
RELATED_KIND_LABELS: dict[str, str] = {
    "based-on": N_("Based on"),
    "variant": N_("Variant"),
    "fork": N_("Fork on the forge"),
}

#: Why a repository is unavailable (``catalogue.site.views.AvailabilityView``).
AVAILABILITY_LABELS: dict[str, str] = {
    "blocked": N_("Blocked by the forge for legal reasons"),
    "disabled": N_("Disabled by the forge"),
    "no-repository": N_("No repository: the project has none, or it is switched off"),
    "empty": N_("Empty: the repository has no commits"),
    "gone": N_("No longer listed by its account"),
}

#: ``[site] accessibility_status`` (the Dutch statement model's levels).
ACCESSIBILITY_STATUS_LABELS: dict[str, str] = {
    "compliant": N_("This website fully meets the requirements."),
    "partially-compliant": N_("This website partially meets the requirements."),
    "not-compliant": N_("This website does not meet the requirements yet."),
    "not-evaluated": N_("This website has not been evaluated by an independent party yet."),
}

#: publiccode.yml ``categories`` (spec 0.4 list).
CATEGORY_LABELS: dict[str, str] = {
    "accounting": N_("Accounting"),
    "agile-project-management": N_("Agile project management"),
    "applicant-tracking": N_("Applicant tracking"),
    "application-development": N_("Application development"),
    "appointment-scheduling": N_("Appointment scheduling"),
    "backup": N_("Backup"),
    "billing-and-invoicing": N_("Billing and invoicing"),
    "blog": N_("Blog"),
    "budgeting": N_("Budgeting"),
    "business-intelligence": N_("Business intelligence"),
    "business-process-management": N_("Business process management"),
    "cad": N_("Computer-aided design"),
    "call-center-management": N_("Call centre management"),
    "cloud-management": N_("Cloud management"),
    "collaboration": N_("Collaboration"),
    "communications": N_("Communications"),
    "compliance-management": N_("Compliance management"),
    "contact-management": N_("Contact management"),
    "content-management": N_("Content management"),
    "crm": N_("Customer relationship management"),
    "customer-service-and-support": N_("Customer service and support"),
    "data-analytics": N_("Data analytics"),
    "data-collection": N_("Data collection"),
    "data-visualization": N_("Data visualisation"),
    "digital-asset-management": N_("Digital asset management"),
    "document-management": N_("Document management"),
    "donor-management": N_("Donor management"),
    "e-commerce": N_("E-commerce"),
    "e-signature": N_("Electronic signatures"),
    "email-management": N_("E-mail management"),
    "email-marketing": N_("E-mail marketing"),
    "employee-management": N_("Employee management"),
    "enterprise-project-management": N_("Enterprise project management"),
    "enterprise-social-networking": N_("Enterprise social networking"),
    "erp": N_("Enterprise resource planning"),
    "event-management": N_("Event management"),
    "facility-management": N_("Facility management"),
    "feedback-and-reviews-management": N_("Feedback and reviews"),
    "financial-reporting": N_("Financial reporting"),
    "fleet-management": N_("Fleet management"),
    "fundraising-management": N_("Fundraising"),
    "gamification": N_("Gamification"),
    "geographic-information-systems": N_("Geographic information systems"),
    "grant-management": N_("Grant management"),
    "graphic-design": N_("Graphic design"),
    "help-desk": N_("Help desk"),
    "hr": N_("Human resources"),
    "ide": N_("Development environments"),
    "instant-messaging": N_("Instant messaging"),
    "inventory-management": N_("Inventory management"),
    "it-asset-management": N_("IT asset management"),
    "it-development": N_("IT development"),
    "it-management": N_("IT management"),
    "it-security": N_("IT security"),
    "it-service-management": N_("IT service management"),
    "knowledge-management": N_("Knowledge management"),
    "learning-management-system": N_("Learning management"),
    "marketing": N_("Marketing"),
    "mind-mapping": N_("Mind mapping"),
    "mobile-marketing": N_("Mobile marketing"),
    "mobile-payment": N_("Mobile payment"),
    "network-management": N_("Network management"),
    "office": N_("Office"),
    "online-booking": N_("Online booking"),
    "online-community": N_("Online community"),
    "payment-management": N_("Payments"),
    "payroll": N_("Payroll"),
    "predictive-analysis": N_("Predictive analysis"),
    "procurement": N_("Procurement"),
    "productivity-suite": N_("Productivity suite"),
    "project-collaboration": N_("Project collaboration"),
    "project-management": N_("Project management"),
    "property-management": N_("Property management"),
    "real-estate-management": N_("Real estate management"),
    "remote-support": N_("Remote support"),
    "resource-management": N_("Resource management"),
    "sales-management": N_("Sales management"),
    "seo": N_("Search engine optimisation"),
    "service-desk-software": N_("Service desk"),
    "social-media-management": N_("Social media management"),
    "survey": N_("Surveys"),
    "talent-management": N_("Talent management"),
    "task-management": N_("Task management"),
    "taxes-management": N_("Taxes"),
    "test-management": N_("Test management"),
    "time-management": N_("Time management"),
    "time-tracking": N_("Time tracking"),
    "translation": N_("Translation"),
    "video-conferencing": N_("Video conferencing"),
    "video-editing": N_("Video editing"),
    "visitor-management": N_("Visitor management"),
    "voip": N_("Internet telephony (VoIP)"),
    "warehouse-management": N_("Warehouse management"),
    "web-collaboration": N_("Web collaboration"),
    "web-conferencing": N_("Web conferencing"),
    "website-builder": N_("Website builder"),
    "workflow-management": N_("Workflow management"),
}
