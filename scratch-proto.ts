import { parseDocumentText } from './lib/workload/document';
import { loadWorkload } from './lib/workload';
import { readFileSync } from 'fs';
const doc = parseDocumentText(readFileSync('/tmp/h/proto-__proto__.yaml', 'utf8'), 'x') as any;
console.log(Object.keys(doc.databases), Object.getOwnPropertyNames(doc.databases), Object.getPrototypeOf(doc.databases) === Object.prototype);
const w = loadWorkload('/tmp/h/proto-__proto__.yaml');
console.log(Object.keys(w.databases), JSON.stringify(w.databases));
