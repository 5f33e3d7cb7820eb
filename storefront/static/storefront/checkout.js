/* Payment page: the card goes from Stripe.js's Card Element straight to Stripe, which gives back a
   token; we post only the token. When the bank asks for 3-D Secure the server renders the page
   with the PaymentIntent's client secret and this script runs the bank's step, then returns. */
(function () {
  "use strict";
  var form = document.getElementById("payment-form");
  if (!form || typeof window.Stripe !== "function") { return; }
  var stripe = window.Stripe(form.dataset.publishableKey);
  var errorBox = document.getElementById("payment-error");
  var errorText = document.getElementById("payment-error-text");

  function showError(message) {
    errorText.textContent = message || form.dataset.cardError;
    errorBox.hidden = false;
    errorBox.focus();
  }

  if (form.dataset.requiresAction === "1") {
    stripe.confirmCardPayment(form.dataset.clientSecret).then(function () {
      window.location.assign(form.dataset.returnUrl);
    });
    return;
  }

  var card = stripe.elements().create("card");
  card.mount("#card-element");
  var button = document.getElementById("pay-button");
  var sending = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) { return; }
    sending = true;
    button.disabled = true;
    stripe.createToken(card).then(function (result) {
      if (result.error || !result.token) {
        sending = false;
        button.disabled = false;
        showError(result.error && result.error.message);
        return;
      }
      form.elements.card_token.value = result.token.id;
      form.submit();
    });
  });
}());
