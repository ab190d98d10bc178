from django.urls import path

from sendresolve.fees import views

urlpatterns = [
    path("", views.fee_time, name="fee_time"),
    path("time/<int:entry_id>/", views.fee_time_correct, name="fee_time_correct"),
    path("time/<int:entry_id>/remove/", views.fee_time_remove, name="fee_time_remove"),
    path("statements/", views.fee_statements, name="fee_statements"),
    path("statements/<int:statement_id>/", views.fee_statement, name="fee_statement"),
    path("statements/<int:statement_id>/accept/", views.fee_statement_accept, name="fee_statement_accept"),
    path("statements/<int:statement_id>/dispute/", views.fee_statement_dispute, name="fee_statement_dispute"),
    path("statements/<int:statement_id>/answer/", views.fee_statement_answer, name="fee_statement_answer"),
    path("statements/<int:statement_id>/invoice.pdf", views.fee_statement_pdf, name="fee_statement_pdf"),
    path("self-billing/", views.fee_agreement, name="fee_agreement"),
    path("all/", views.fee_manage, name="fee_manage"),
    path("all/payments.csv", views.fee_payments, name="fee_payments"),
]
