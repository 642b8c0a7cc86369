// Organisation names for display, fetched once per id from the directory (GetOrganization; organisations are
// public to every signed-in person) and kept for the page's life.
import {call} from './api.js';

const cache = new Map();

// Resolves to the Organization, or null when it cannot be read (the id is shown instead).
export function organisation(orgId) {
  if (!orgId) return Promise.resolve(null);
  if (!cache.has(orgId)) {
    cache.set(orgId, call('directory', 'GetOrganization', {orgId})
      .then((r) => r.organization || null)
      .catch(() => {
        cache.delete(orgId);
        return null;
      }));
  }
  return cache.get(orgId);
}

// The Organization as it was on `isoDate` (YYYY-MM-DD): an official document names the body as it was called on
// the document's date. Falls back to today's record when the organisation was not valid then (or the date is
// absent), else null.
export function organisationOn(orgId, isoDate) {
  if (!orgId) return Promise.resolve(null);
  if (!isoDate) return organisation(orgId);
  const key = `${orgId}@${isoDate}`;
  if (!cache.has(key)) {
    const [year, month, day] = isoDate.split('-').map(Number);
    cache.set(key, call('directory', 'GetOrganization', {orgId, asOf: {year, month, day}})
      .then((r) => r.organization || null)
      .catch(() => null)
      .then((org) => org || organisation(orgId))
      .then((org) => {
        if (!org) cache.delete(key);
        return org;
      }));
  }
  return cache.get(key);
}

export async function orgName(orgId) {
  if (!orgId) return '—';
  const org = await organisation(orgId);
  return org ? org.nameVi || org.shortNameVi || org.code : orgId;
}

// A text node that shows the id at once and the name when it arrives.
export function orgNameNode(orgId) {
  const node = document.createTextNode(orgId ? '…' : '—');
  if (orgId) orgName(orgId).then((name) => { node.textContent = name; });
  return node;
}

export function forgetOrganisations() {
  cache.clear();
}
