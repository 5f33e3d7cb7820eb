"""Producers and verification through GraphQL: the same rules as the web, Saleor's conventions."""

import pytest

from ocop.producers.models import Producer

from . import factories as f
from .graphql_client import gid, gql

REGISTER = """mutation($input: ProducerInput!) { producerRegister(input: $input) {
  producer { id name status phone area { name } } errors { field message code } } }"""
SUBMIT = "mutation($id: ID!) { producerSubmit(id: $id) { producer { status } errors { field code message } } }"
UPLOAD = """mutation($id: ID!, $file: Upload!) { producerDocumentUpload(producerId: $id, kind: REGISTRATION, file: $file) {
  document { kind contentType } errors { field code message } } }"""
APPROVE = "mutation($id: ID!) { producerApprove(id: $id) { producer { status } errors { field code message } } }"
REJECT = """mutation($id: ID!, $reason: String!) { producerReject(id: $id, reason: $reason) {
  producer { status statusReason } errors { field code message } } }"""
PRODUCER = """query($id: ID) { producer(id: $id) { name status registrationNumber phone
  certificates { stars showsStars } events { action toStatus } } }"""


@pytest.fixture
def areas(db):
    return f.area_tree()


def input_for(area, **overrides):
    data = f.producer_data(area, **overrides)
    data["area"] = gid("Area", area.pk)
    data["legalForm"] = data.pop("legal_form").upper()
    for snake, camel in (("registration_number", "registrationNumber"), ("registration_date", "registrationDate"),
                         ("registration_issuer", "registrationIssuer")):
        data[camel] = data.pop(snake)
    return data


def test_register_upload_submit_and_approve_through_the_api(client, areas):
    owner = f.user()
    body = gql(client, REGISTER, {"input": input_for(areas["quang_son"])}, owner)
    payload = body["data"]["producerRegister"]
    assert payload["errors"] == []
    assert payload["producer"]["status"] == "DRAFT" and payload["producer"]["phone"] == "+84912345678"
    producer_id = payload["producer"]["id"]

    body = gql(client, SUBMIT, {"id": producer_id}, owner)
    assert body["data"]["producerSubmit"]["errors"][0]["code"] == "DOCUMENT_REQUIRED"

    body = gql(client, UPLOAD, {"id": producer_id, "file": None}, owner, files={"variables.file": f.upload()})
    assert body["data"]["producerDocumentUpload"] == {"document": {"kind": "REGISTRATION",
                                                                   "contentType": "application/pdf"}, "errors": []}
    assert gql(client, SUBMIT, {"id": producer_id}, owner)["data"]["producerSubmit"]["producer"]["status"] == "SUBMITTED"

    officer = f.officer(areas["lap_thach"])
    body = gql(client, APPROVE, {"id": producer_id}, officer)
    assert body["data"]["producerApprove"] == {"producer": {"status": "APPROVED"}, "errors": []}


def test_bad_input_comes_back_as_field_errors_with_codes_and_nothing_is_saved(client, areas):
    body = gql(client, REGISTER, {"input": input_for(areas["quang_son"], phone="0123", registration_number="x")},
               f.user())
    errors = {e["field"]: e["code"] for e in body["data"]["producerRegister"]["errors"]}
    assert errors == {"phone": "INVALID", "registrationNumber": "INVALID"}
    assert Producer.objects.count() == 0


def test_an_upload_that_lies_about_its_type_is_refused(client, areas):
    owner = f.user()
    prod = f.producer(areas["quang_son"], owner=owner)
    body = gql(client, UPLOAD, {"id": gid("Producer", prod.pk), "file": None}, owner,
               files={"variables.file": f.upload("scan.pdf", b"MZ not a pdf")})
    assert body["data"]["producerDocumentUpload"]["errors"][0] == {
        "field": "file", "code": "INVALID_FILE_TYPE",
        "message": body["data"]["producerDocumentUpload"]["errors"][0]["message"]}
    assert not prod.documents.exists()


def test_anonymous_callers_get_a_top_level_permission_error(client, areas):
    body = gql(client, REGISTER, {"input": input_for(areas["quang_son"])})
    assert body["data"]["producerRegister"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


@pytest.mark.parametrize("who", ["shopper", "member"])
def test_non_officers_cannot_decide(client, areas, who):
    owner = f.user()
    prod = f.producer(areas["quang_son"], status="submitted", owner=owner)
    person = owner if who == "member" else f.user()
    body = gql(client, APPROVE, {"id": gid("Producer", prod.pk)}, person)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    prod.refresh_from_db()
    assert prod.status == "submitted"


def test_an_officer_of_another_area_is_told_not_found(client, areas):
    prod = f.producer(areas["quang_son"], status="submitted")
    officer = f.officer(areas["tam_dao"])
    body = gql(client, APPROVE, {"id": gid("Producer", prod.pk)}, officer)
    assert body["data"]["producerApprove"]["errors"] == [{"field": "id", "code": "NOT_FOUND",
                                                          "message": "Không tìm thấy chủ thể."}]
    assert gql(client, PRODUCER, {"id": gid("Producer", prod.pk)}, officer)["data"]["producer"] is None
    prod.refresh_from_db()
    assert prod.status == "submitted"


def test_reject_needs_a_reason_and_approving_a_draft_is_refused(client, areas):
    prod = f.producer(areas["quang_son"], status="submitted")
    draft = f.producer(areas["quang_son"])
    officer = f.officer(areas["lap_thach"])
    body = gql(client, REJECT, {"id": gid("Producer", prod.pk), "reason": " "}, officer)
    assert body["data"]["producerReject"]["errors"][0]["code"] == "REQUIRED"
    body = gql(client, REJECT, {"id": gid("Producer", prod.pk), "reason": "Thiếu giấy phép"}, officer)
    assert body["data"]["producerReject"]["producer"] == {"status": "REJECTED", "statusReason": "Thiếu giấy phép"}
    body = gql(client, APPROVE, {"id": gid("Producer", draft.pk)}, officer)
    assert body["data"]["producerApprove"]["errors"][0]["code"] == "INVALID_STATUS"


def test_the_public_sees_approved_producers_without_private_details(client, areas):
    approved = f.producer(areas["quang_son"], status="approved")
    submitted = f.producer(areas["quang_son"], status="submitted")
    public = gql(client, PRODUCER, {"id": gid("Producer", approved.pk)})["data"]["producer"]
    assert public["status"] == "APPROVED" and public["registrationNumber"] is None and public["events"] is None
    assert gql(client, PRODUCER, {"id": gid("Producer", submitted.pk)})["data"]["producer"] is None
    officer_view = gql(client, PRODUCER, {"id": gid("Producer", submitted.pk)}, f.officer(areas["lap_thach"]))
    assert officer_view["data"]["producer"]["registrationNumber"] == submitted.registration_number


def test_producers_lists_only_approved_for_the_public_with_relay_pagination(client, areas):
    for i in range(5):
        f.producer(areas["quang_son"], status="approved", name=f"HTX Mật ong {i}")
    f.producer(areas["quang_son"], status="draft", name="HTX Nháp")
    query = """query($after: String) { producers(first: 2, after: $after) { totalCount
      pageInfo { hasNextPage endCursor } edges { node { name status } } } }"""
    page = gql(client, query)["data"]["producers"]
    assert page["totalCount"] == 5 and page["pageInfo"]["hasNextPage"]
    names = [e["node"]["name"] for e in page["edges"]]
    page2 = gql(client, query, {"after": page["pageInfo"]["endCursor"]})["data"]["producers"]
    names += [e["node"]["name"] for e in page2["edges"]]
    assert len(set(names)) == 4 and "HTX Nháp" not in names
    body = gql(client, "{ producers(first: 101) { totalCount } }")
    assert "between 0 and 100" in body["errors"][0]["message"]


def test_tokens_and_me_with_producers_and_officer_areas(client, areas):
    owner = f.user(email="chu@example.vn", password="mat-khau-that-dai")
    prod = f.producer(areas["quang_son"], owner=owner)
    body = gql(client, """mutation { tokenCreate(email: "chu@example.vn", password: "mat-khau-that-dai") {
      token refreshToken errors { code } } }""")
    token = body["data"]["tokenCreate"]["token"]
    me = client.post("/graphql/", {"query": "{ me { email producers { name } officerAreas { name } } }"},
                     content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert me["data"]["me"] == {"email": "chu@example.vn", "producers": [{"name": prod.name}], "officerAreas": []}
    bad = gql(client, """mutation { tokenCreate(email: "chu@example.vn", password: "sai") { token errors { code } } }""")
    assert bad["data"]["tokenCreate"] == {"token": None, "errors": [{"code": "INVALID_CREDENTIALS"}]}
    response = client.post("/graphql/", {"query": "{ me { email } }"}, content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


def test_certificates_are_verified_and_revoked_by_officers_of_the_area(client, areas):
    from .test_producers_services import certificate

    prod = f.producer(areas["quang_son"], status="approved")
    cert = certificate(prod)
    verify = "mutation($id: ID!) { ocopCertificateVerify(id: $id) { certificate { isVerified showsStars } errors { code } } }"
    body = gql(client, verify, {"id": gid("OcopCertificate", cert.pk)}, f.officer(areas["tam_dao"]))
    assert body["data"]["ocopCertificateVerify"]["errors"] == [{"code": "NOT_FOUND"}]
    body = gql(client, verify, {"id": gid("OcopCertificate", cert.pk)}, f.officer(areas["lap_thach"]))
    assert body["data"]["ocopCertificateVerify"] == {"certificate": {"isVerified": True, "showsStars": True}, "errors": []}
    public = gql(client, PRODUCER, {"id": gid("Producer", prod.pk)})["data"]["producer"]
    assert public["certificates"] == [{"stars": 4, "showsStars": True}]


STORY = """query($id: ID) { producer(id: $id) { description en: translation(languageCode: EN_US) { id description
  language { code } } fr: translation(languageCode: FR) { description } } }"""
UPDATE_STORY = """mutation($id: ID!, $input: ProducerInput!) { producerUpdate(id: $id, input: $input) {
  producer { translation(languageCode: EN) { description } } errors { field code message } } }"""


def test_the_story_in_english_is_registered_changed_and_read_through_the_api(client, areas):
    owner = f.user()
    data = input_for(areas["quang_son"], description="Chè Quang Sơn.")
    data["translations"] = [{"languageCode": "EN", "description": "Quang Son tea."}]
    payload = gql(client, REGISTER, {"input": data}, owner)["data"]["producerRegister"]
    assert payload["errors"] == []
    producer_id = payload["producer"]["id"]
    story = gql(client, STORY, {"id": producer_id}, owner)["data"]["producer"]
    assert story["en"]["description"] == "Quang Son tea." and story["en"]["language"]["code"] == "EN"
    assert story["fr"] is None and story["description"] == "Chè Quang Sơn."
    changed = gql(client, UPDATE_STORY, {"id": producer_id, "input": {"translations": [
        {"languageCode": "EN", "description": "Tea from the Quang Son hills."}]}}, owner)["data"]["producerUpdate"]
    assert changed == {"producer": {"translation": {"description": "Tea from the Quang Son hills."}}, "errors": []}


def test_a_story_in_a_language_the_shop_does_not_speak_is_a_field_error_and_nothing_is_saved(client, areas):
    from ocop.producers.models import ProducerTranslation

    owner = f.user()
    data = input_for(areas["quang_son"])
    data["translations"] = [{"languageCode": "FR", "description": "Thé."}]
    payload = gql(client, REGISTER, {"input": data}, owner)["data"]["producerRegister"]
    assert payload["producer"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("translations.fr", "INVALID")]
    assert not Producer.objects.exists() and not ProducerTranslation.objects.exists()


def test_someone_else_cannot_change_the_story(client, areas):
    owner = f.user()
    payload = gql(client, REGISTER, {"input": input_for(areas["quang_son"])}, owner)["data"]["producerRegister"]
    body = gql(client, UPDATE_STORY, {"id": payload["producer"]["id"], "input": {"translations": [
        {"languageCode": "EN", "description": "Mine."}]}}, f.user())
    errors = body["data"]["producerUpdate"]["errors"]
    assert errors and errors[0]["code"] == "NOT_FOUND"
    assert not Producer.objects.get().translations.exists()
