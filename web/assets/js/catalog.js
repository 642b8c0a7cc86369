// The award catalogue as the console needs it: an award's Vietnamese name, whom it is for, where it may be
// proposed and which document kinds its dossier must contain (the dossier API does not report these; the data
// is data/awards/*.textproto, copied into catalog_data.js and checked by tests/browser/catalog_sync.mjs).
import {AWARDS} from './catalog_data.js';

// The entry of `code` valid on `isoDate` (YYYY-MM-DD); entries of one code have disjoint validity.
export function awardOn(code, isoDate) {
  return AWARDS.find((a) => a.code === code && a.validFrom <= isoDate && (!a.validUntil || isoDate <= a.validUntil)) ||
      null;
}

// The entry a dossier was opened under (the one valid on its creation day), else today's, else any.
export function awardOfDossier(dossier, todayIso, createdIso) {
  return awardOn(dossier.awardCode, createdIso || todayIso) || awardOn(dossier.awardCode, todayIso) ||
      AWARDS.find((a) => a.code === dossier.awardCode) || null;
}

export function awardName(code, isoDate) {
  const award = awardOn(code, isoDate) || AWARDS.find((a) => a.code === code);
  return award ? award.nameVi : code || '—';
}

// Awards valid on `isoDate` that a dossier opened at an organisation of `level` may propose.
export function proposableAwards(level, isoDate) {
  return AWARDS.filter((a) => a.proposingLevels.includes(level) && a.validFrom <= isoDate &&
      (!a.validUntil || isoDate <= a.validUntil));
}

// The required document kinds not yet among `documents`.
export function missingKinds(award, documents) {
  if (!award) return [];
  const present = new Set((documents || []).map((d) => d.kind));
  return award.requiredDocuments.filter((kind) => !present.has(kind));
}
