// The page's words and data, from the JSON block the appliance puts in the page (no request needed).
// Every text exists in Cymraeg and English; dynamic texts are written as two spans, one per language,
// so the language toggle switches them by style alone and nothing typed is touched.

const data = JSON.parse(document.getElementById('kiosk-data').textContent);

export const kiosk = data;
export const LANGS = ['cy', 'en'];

/** One text in one language, with {name} placeholders filled; the key itself if it is missing. */
export function text(lang, key, params) {
  let s = data.texts[lang][key];
  if (s === undefined) {
    return key;
  }
  for (const [name, value] of Object.entries(params || {})) {
    s = s.split('{' + name + '}').join(String(value));
  }
  return s;
}

export function hasText(key) {
  return data.texts.en[key] !== undefined;
}

/** A span per language for a text of the bundles. */
export function both(key, params) {
  return fromNames({ cy: text('cy', key, params), en: text('en', key, params) });
}

/** A span per language from {cy, en} names (councils, regions, agencies). */
export function fromNames(names) {
  const out = document.createDocumentFragment();
  for (const lang of LANGS) {
    const span = document.createElement('span');
    span.className = 't';
    span.lang = lang;
    span.textContent = names[lang];
    out.appendChild(span);
  }
  return out;
}

/** Replaces an element's content with the text in both languages. */
export function setBoth(el, key, params) {
  el.replaceChildren(both(key, params));
}
