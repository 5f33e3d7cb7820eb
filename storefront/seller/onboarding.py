"""Producer onboarding: sign up, register step by step, upload documents, submit, see the decision."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.accounts.services import register_user
from ocop.core import ratelimit
from ocop.core.errors import add_to_form
from ocop.producers import services
from ocop.producers.models import ProducerStatus

from storefront.files import private_document_response

from .access import current_producer, member_required
from .forms import STEPS, DocumentForm, ProfileForm, SignupForm

SESSION_KEY = "seller_registration"
EDITABLE = (ProducerStatus.DRAFT, ProducerStatus.REJECTED)
# After approval the story, contact and payout details are kept up to date on the profile page.
PROFILE = (ProducerStatus.APPROVED, ProducerStatus.SUSPENDED)


def start(request):
    if request.user.is_authenticated and current_producer(request):
        return redirect("seller:dashboard")
    return render(request, "seller/start.html", {"first_step": reverse("seller:register", args=[STEPS[0][0]])})


@ratelimit.rate_limit(ratelimit.SIGNUP)
def signup(request):
    if request.user.is_authenticated:
        return redirect("seller:start")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = register_user(**form.cleaned_data, language_code=request.LANGUAGE_CODE)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            login(request, user, backend="ocop.accounts.backends.AccountBackend")
            return redirect("seller:register", step=STEPS[0][0])
    return render(request, "seller/signup.html", {"form": form})


def _step_index(step: str) -> int:
    for index, (name, _form, _title) in enumerate(STEPS):
        if name == step:
            return index
    raise Http404


@login_required
def register_step(request, step):
    index = _step_index(step)
    name, form_class, title = STEPS[index]
    producer = current_producer(request)
    if producer is not None and producer.status not in EDITABLE:
        messages.info(request, _("Your details are with the officer or already approved; they cannot be edited now."))
        return redirect("seller:dashboard")
    stored = request.session.get(SESSION_KEY, {})
    if producer is not None:
        initial = {field: getattr(producer, field if field != "area" else "area_id") for field in form_class.base_fields}
        if "phone" in initial:
            initial["phone"] = producer.phone_display
    else:
        initial = stored
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in form.cleaned_data.items()}
        if data.get("registration_date") is None:
            data.pop("registration_date", None)
        try:
            if producer is not None:
                services.update_producer(user=request.user, producer_id=producer.pk, data=data)
            else:
                services.clean_producer_fields(data, partial=True)
                stored.update(data)
                request.session[SESSION_KEY] = stored
                if index == len(STEPS) - 1:
                    producer = services.register_producer(user=request.user, data=stored)
                    request.session.pop(SESSION_KEY, None)
                    request.session["seller_producer_id"] = producer.pk
                    messages.success(request, _("Your producer is saved as a draft. Now upload your documents."))
                    return redirect("seller:documents")
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            if index + 1 < len(STEPS):
                return redirect("seller:register", step=STEPS[index + 1][0])
            return redirect("seller:documents" if producer else "seller:dashboard")
    if producer is None and index > 0 and not stored:
        return redirect("seller:register", step=STEPS[0][0])
    return render(request, "seller/register_step.html", {
        "form": form, "title": title, "step_number": index + 1, "step_count": len(STEPS),
        "back": reverse("seller:register", args=[STEPS[index - 1][0]]) if index else reverse("seller:start"),
        "producer": producer,
    })


@member_required
def dashboard(request):
    producer = request.producer
    return render(request, "seller/dashboard.html", {
        "producer": producer,
        "events": producer.events.select_related("actor").order_by("-created_at", "-id"),
        "documents": producer.documents.all(),
        "certificates": producer.certificates.all(),
        "editable": producer.status in EDITABLE,
        "has_profile": producer.status in PROFILE,
        "steps": STEPS,
    })


@member_required
def profile(request):
    producer = request.producer
    if producer.status not in PROFILE:
        messages.info(request, _("Until your producer is approved, change your details in the registration steps."))
        return redirect("seller:dashboard")
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(producer))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_producer(user=request.user, producer_id=producer.pk, data=form.service_data())
        except ValidationError as exc:
            add_to_form(form, exc, field_map={"translations.en.description": "description_en"})
        else:
            messages.success(request, _("Your details were saved; shoppers see the new story at once."))
            return redirect("seller:dashboard")
    return render(request, "seller/profile.html", {"form": form, "producer": producer},
                  status=400 if form.errors else 200)


@member_required
def documents(request):
    producer = request.producer
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(user=request.user, producer_id=producer.pk, kind=form.cleaned_data["kind"],
                                     uploaded_file=form.cleaned_data["file"])
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Document uploaded."))
            return redirect("seller:documents")
    return render(request, "seller/documents.html", {
        "producer": producer, "form": form, "documents": producer.documents.all(),
        "editable": producer.status != ProducerStatus.SUBMITTED,
    })


@member_required
def document_file(request, document_id):
    document = request.producer.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return private_document_response(document)


@member_required
def submit(request):
    producer = request.producer
    if request.method == "POST":
        try:
            services.submit_producer(user=request.user, producer_id=producer.pk)
        except ValidationError as exc:
            for item in exc.messages:
                messages.error(request, item)
            return redirect("seller:submit")
        messages.success(request, _("Sent for review. The officer of your area will check your details."))
        return redirect("seller:dashboard")
    return render(request, "seller/submit.html", {"producer": producer, "documents": producer.documents.all(),
                                                  "steps": STEPS, "editable": producer.status in EDITABLE})

