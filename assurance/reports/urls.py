from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.choose, name="choose"),
    path("new/<slug:kind>/", views.compose, name="compose"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
    path("drafts/<int:pk>/draft.pdf", views.draft_pdf, name="draft_pdf"),
    path("drafts/<int:pk>/draft.docx", views.draft_docx, name="draft_docx"),
    path("drafts/<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/report.pdf", views.download_pdf, name="download_pdf"),
    path("<int:pk>/report.docx", views.download_docx, name="download_docx"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/archive/", views.archive, name="archive"),
]
