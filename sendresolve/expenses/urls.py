"""Expenses pages, under /expenses/."""

from django.urls import path

from sendresolve.expenses import views

urlpatterns = [
    path("", views.expense_list, name="expense_list"),
    path("case/<str:reference>/", views.expense_case, name="expense_case"),
    path("<str:reference>/", views.expense_claim, name="expense_claim"),
    path("<str:reference>/send/", views.expense_send, name="expense_send"),
    path("<str:reference>/decide/", views.expense_decide, name="expense_decide"),
    path("<str:reference>/review/", views.expense_review_request, name="expense_review_request"),
    path("<str:reference>/paid/", views.expense_paid, name="expense_paid"),
    path("<str:reference>/withdraw/", views.expense_withdraw, name="expense_withdraw"),
    path("<str:reference>/lines/<int:line_id>/remove/", views.expense_line_remove, name="expense_line_remove"),
    path("<str:reference>/lines/<int:line_id>/receipt/", views.expense_receipt, name="expense_receipt"),
]
