// Reads an .xlsx (a zip of XML parts) into { sheetName: [[cell, ...], ...] }: enough to check a report's numbers.
import { unzipSync, strFromU8 } from 'fflate';

const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const texts = xml => [...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map(m => unescape(m[1])).join('');

function column(ref) {
  let n = 0;
  for (const ch of ref.replace(/\d+$/, '')) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

export function readXlsx(bytes) {
  const files = unzipSync(new Uint8Array(bytes));
  // Element prefixes (MiniExcel writes <x:sheet>, <x:row>, ...) are dropped so that one set of patterns reads every writer.
  const text = name => (files[name] ? strFromU8(files[name]).replace(/<(\/?)[A-Za-z]\w*:/g, '<$1') : '');
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map(m => texts(m[1]));
  const rels = Object.fromEntries([...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)].map(m => [
    /Id="([^"]+)"/.exec(m[0])[1], /Target="([^"]+)"/.exec(m[0])[1]]));
  const book = {};
  for (const m of text('xl/workbook.xml').matchAll(/<sheet\b[^>]*>/g)) {
    const name = unescape(/name="([^"]*)"/.exec(m[0])[1]);
    const target = rels[/r:id="([^"]+)"/.exec(m[0])[1]].replace(/^\/?(xl\/)?/, '');
    const rows = [];
    for (const row of text(`xl/${target}`).matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)) {
      const cells = [];
      for (const c of row[1].matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const ref = /r="([A-Z]+\d+)"/.exec(c[1])?.[1];
        const type = /t="([^"]+)"/.exec(c[1])?.[1];
        const body = c[2] || '';
        const v = /<v>([^<]*)<\/v>/.exec(body)?.[1];
        const value = type === 's' ? shared[Number(v)] : type === 'inlineStr' ? texts(body) : type === 'str' ? unescape(v ?? '')
          : v === undefined ? '' : Number(v);
        cells[ref ? column(ref) : cells.length] = value;
      }
      rows.push(cells);
    }
    book[name] = rows;
  }
  return book;
}
