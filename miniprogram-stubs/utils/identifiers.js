// Client-side checks of Chinese identifiers, so that a typo is caught before the form is sent.
// The server checks the same rules again (GB 11643 ID numbers, GB 32100 credit codes, mainland mobiles).

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

function isValidIdNumber(value) {
  const id = String(value || '').trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  if (ID_CHECK[sum % 11] !== id[17]) return false;
  return birthDateFromIdNumber(id) !== null;
}

// "1980-05-01" from an 18-digit ID number, or null if the date is not a real, past date.
function birthDateFromIdNumber(value) {
  const id = String(value || '').trim();
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (date.getTime() > Date.now()) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

// "Male" / "Female" from the 17th digit.
function genderFromIdNumber(value) {
  const id = String(value || '').trim();
  if (id.length !== 18) return null;
  return Number(id[16]) % 2 === 1 ? 'Male' : 'Female';
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function isValidCreditCode(value) {
  const code = String(value || '').trim().toUpperCase();
  if (code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(code[i]);
    if (v < 0) return false;
    sum += v * CREDIT_WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CHARS[check] === code[17];
}

function isValidMobile(value) {
  return /^1[3-9]\d{9}$/.test(String(value || '').trim());
}

module.exports = { isValidIdNumber, birthDateFromIdNumber, genderFromIdNumber, isValidCreditCode, isValidMobile };
