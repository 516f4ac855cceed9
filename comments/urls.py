"""The addresses of posting a comment and of confirming an address."""

from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post, name="post"),
    path("stamp/", views.stamp, name="stamp"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
