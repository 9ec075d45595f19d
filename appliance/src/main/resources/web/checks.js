// The form's own checks, run before anything is sent, so a visitor hears at once and in their own
// language what to fix. They mirror the appliance's CaptureValidator, which stays the authority:
// whatever it refuses is shown the same way. Each problem names the field (as the API does) and the
// message key.

import { kiosk } from './texts.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[0-9 ()-]{7,32}$/;
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/;
// Each personal detail's most characters, as the appliance sends them with the page's data.
const LIMITS = kiosk.limits.personalChars;

function problem(field, key) {
  return { field: field, key: key };
}

function personalProblems(personal, out) {
  for (const [name, value] of Object.entries(personal)) {
    const field = 'personal.' + name;
    if (value.length > LIMITS[name]) {
      out.push(problem(field, 'error.text_too_long'));
    } else if (name === 'email' && !EMAIL.test(value)) {
      out.push(problem(field, 'error.email_invalid'));
    } else if (name === 'phone') {
      const digits = value.replace(/[^0-9]/g, '').length;
      if (!PHONE.test(value) || digits < 7 || digits > 15) {
        out.push(problem(field, 'error.phone_invalid'));
      }
    } else if (name === 'postcode' && !POSTCODE.test(value)) {
      out.push(problem(field, 'error.postcode_invalid'));
    }
  }
}

/** Problems with a sign-in as it would be sent. */
export function signinProblems(body) {
  const out = [];
  const f = body.fields;
  const p = body.personal;
  if (!f.localAuthority) {
    out.push(problem('fields.localAuthority', 'error.local_authority_required'));
  }
  personalProblems(p, out);
  if (p.email && !f.newsletterConsent) {
    out.push(problem('fields.newsletterConsent', 'error.newsletter_consent_required'));
  }
  if (f.newsletterConsent && !p.email) {
    out.push(problem('personal.email', 'error.newsletter_email_required'));
  }
  return out;
}

/**
 * Problems with an enquiry as it would be sent. {@code sendToAgency} is the visitor's choice to
 * send it to a voluntary agency rather than their region.
 */
export function enquiryProblems(body, sendToAgency) {
  const out = [];
  const f = body.fields;
  const p = body.personal;
  if (!p.name) {
    out.push(problem('personal.name', 'error.name_required'));
  }
  personalProblems(p, out);
  if (!p.email && !p.phone) {
    out.push(problem('personal.email', 'error.contact_required'));
  }
  if (!f.topic) {
    out.push(problem('fields.topic', 'error.topic_required'));
  }
  if (!f.localAuthority) {
    out.push(problem('fields.localAuthority', 'error.local_authority_required'));
  }
  if (sendToAgency && !f.agency) {
    out.push(problem('fields.agency', 'ui.check.agency_required'));
  }
  if (f.preferredContact && !p[f.preferredContact]) {
    out.push(problem('fields.preferredContact', 'error.preferred_contact_missing'));
  }
  if (!f.contactConsent) {
    out.push(problem('fields.contactConsent', 'error.contact_consent_required'));
  }
  if (f.newsletterConsent && !p.email) {
    out.push(problem('fields.newsletterConsent', 'error.newsletter_email_required'));
  }
  return out;
}
