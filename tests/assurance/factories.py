import hashlib

import factory
from django.core.files.base import ContentFile

from assurance.models import Evidence, Judgement, ProgressUpdate
from tests.recommendations.factories import ActionFactory
from tests.scr_tracker.factories import UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    narrative = "Health visitors attended 38 of 40 GP safeguarding meetings this quarter."
    rag = "green"
    rag_reason = "On track against the plan."
    judgement = Judgement.AWAITING


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A PDF evidence file on an update, stored through the default storage."""

    class Meta:
        model = Evidence

    update = factory.SubFactory(ProgressUpdateFactory)
    action = factory.SelfAttribute("update.action")
    supplied_by = factory.SelfAttribute("update.author")
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="attendance-audit.pdf"))
    original_filename = "attendance-audit.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
    judgement = factory.SelfAttribute("update.judgement")
