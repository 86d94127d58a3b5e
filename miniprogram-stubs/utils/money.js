// Money as the service keeps it: integer fen (分). Citizens type yuan; the conversion works on the digits,
// never through floating point ("0.29" * 100 is 28.999999999999996 in JS).

const MAX_FEN = 100000000000; // the service's limit (10 亿元)

// "5000" / "5000.5" / "5,000.50" / "¥29.90" → fen; '' → null; NaN for anything else (3 decimals, letters, "-1").
function yuanToFen(value) {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const s = String(value).replace(/[,，\s]/g, '').replace(/^￥|^¥|元$/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return NaN;
  const [whole, frac = ''] = s.split('.');
  const fen = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return Number.isSafeInteger(fen) ? fen : NaN;
}

// 123456 → "1234.56"; 300000 → "3000.00" (the way the agreement text writes amounts)
function fenToYuan(fen) {
  if (fen === null || fen === undefined || !Number.isFinite(Number(fen))) return '';
  const n = Math.round(Number(fen));
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

module.exports = { yuanToFen, fenToYuan, MAX_FEN };
