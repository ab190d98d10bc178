"""The invoice and contract pages, under /billing/."""

from django.urls import path

from sendresolve.billing import views

urlpatterns = [
    path("invoices/", views.invoice_list, name="invoice_list"),
    path("invoices/draft/", views.invoices_draft_now, name="invoices_draft_now"),
    path("invoices/<int:invoice_id>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:invoice_id>/lines/add/", views.invoice_line_add_page, name="invoice_line_add"),
    path("invoices/<int:invoice_id>/lines/<int:line_id>/", views.invoice_line_adjust_page,
         name="invoice_line_adjust"),
    path("invoices/<int:invoice_id>/issue/", views.invoice_issue_page, name="invoice_issue"),
    path("invoices/<int:invoice_id>/credit/", views.invoice_credit_page, name="invoice_credit"),
    path("invoices/<int:invoice_id>/document.<str:extension>", views.invoice_download, name="invoice_download"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract_detail"),
]
