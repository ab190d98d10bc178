from django.urls import path

from sendresolve.cases import views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_new, name="case_new"),
    path("<str:reference>/", views.case_detail, name="case_detail"),
    path("<str:reference>/adviser/", views.case_adviser, name="case_adviser"),
    path("<str:reference>/decision/", views.case_correct_decision, name="case_correct_decision"),
    path("<str:reference>/parties/add/", views.case_add_party, name="case_add_party"),
    path("<str:reference>/icb-told/", views.case_icb_told, name="case_icb_told"),
    path("<str:reference>/certificate/", views.case_certificate_issue, name="case_certificate_issue"),
    path("<str:reference>/certificates/<str:number>.pdf", views.certificate_download, name="certificate_download"),
    path("<str:reference>/letters/<int:letter_id>/", views.letter_download, name="letter_download"),
    path("<str:reference>/<str:step>/", views.case_step, name="case_step"),
]
