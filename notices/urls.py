from django.urls import path

from notices import views

urlpatterns = [
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice"),
]
