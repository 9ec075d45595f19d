// The kiosk form: choose a language, fill in a sign-in or an enquiry, post it as JSON.
// The real touchscreen UI comes later; this page proves the API end to end.
(function () {
  'use strict';

  const PRIVACY_VERSION = '2026-01';
  const root = document.documentElement;
  const form = document.getElementById('capture');
  const council = document.getElementById('localAuthority');
  const result = document.getElementById('result');
  let regions = null;

  function lang() {
    return root.dataset.lang || 'cy';
  }

  // Texts held as data-cy / data-en attributes (options, hidden texts) follow the chosen language.
  function localise() {
    const l = lang();
    document.querySelectorAll('option[data-cy]').forEach(function (o) {
      o.textContent = o.dataset[l];
    });
    fillCouncils();
  }

  function text(key) {
    const el = document.querySelector('#texts [data-key="' + key + '"]');
    return el ? el.dataset[lang()] : key;
  }

  function choose(l) {
    root.dataset.lang = l;
    root.lang = l;
    document.querySelectorAll('.switch-button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.choose === l));
    });
    form.hidden = false;
    localise();
  }

  function fillCouncils() {
    if (!regions) {
      return;
    }
    const l = lang();
    const chosen = council.value;
    while (council.options.length > 1) {
      council.remove(1);
    }
    regions.regions.forEach(function (region) {
      const group = document.createElement('optgroup');
      group.label = region.name[l];
      region.localAuthorities.forEach(function (la) {
        group.appendChild(new Option(la.name[l], la.slug));
      });
      council.appendChild(group);
    });
    if (regions.outside) {
      council.appendChild(new Option(regions.outside.name[l], regions.outside.slug));
    }
    council.value = chosen;
  }

  function kind() {
    return form.querySelector('input[name="type"]:checked').value;
  }

  function value(name) {
    const el = form.elements[name];
    return el && el.value ? el.value.trim() : '';
  }

  function body() {
    const type = kind();
    const fields = {
      localAuthority: value('localAuthority'),
      privacyVersion: PRIVACY_VERSION,
      newsletterConsent: form.elements.newsletterConsent.checked
    };
    const personal = {};
    const keys = type === 'enquiry' ? ['name', 'email', 'phone', 'postcode', 'message'] : ['name', 'email'];
    keys.forEach(function (k) {
      if (value(k)) {
        personal[k] = value(k);
      }
    });
    if (type === 'enquiry') {
      fields.topic = value('topic');
      fields.contactConsent = form.elements.contactConsent.checked;
    }
    const out = { type: type, lang: lang(), fields: fields };
    if (Object.keys(personal).length > 0) {
      out.personal = personal;
    }
    return out;
  }

  function show(message, json, failed) {
    result.hidden = false;
    result.classList.toggle('error', failed);
    document.getElementById('result-text').textContent = message;
    document.getElementById('result-json').textContent = json ? JSON.stringify(json, null, 2) : '';
  }

  form.addEventListener('change', function () {
    form.dataset.type = kind();
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    show(text('sending'), null, false);
    fetch('/api/records', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': lang() },
      body: JSON.stringify(body())
    }).then(function (response) {
      return response.json().then(function (json) {
        if (response.status === 201) {
          show(text('thanks'), json, false);
          form.reset();
          form.dataset.type = kind();
        } else {
          show(json.message || text('failed'), json, true);
        }
      });
    }).catch(function () {
      show(text('failed'), null, true);
    });
  });

  document.querySelectorAll('.switch-button').forEach(function (b) {
    b.addEventListener('click', function () {
      choose(b.dataset.choose);
    });
  });

  form.dataset.type = kind();
  fetch('/api/regions').then(function (r) {
    return r.json();
  }).then(function (json) {
    regions = json;
    fillCouncils();
  });
}());
