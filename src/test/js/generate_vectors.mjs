// generate_vectors.mjs -- reference UnixFS CID test vectors computed with the real JS
// IPFS stack (ipfs-unixfs-importer + blockstore-core, as used by Helia), for Cairn's
// importer tests. The input bytes are generated here, deterministically; no files needed.
//
// Usage (from the repository root):
//   bash ../shared/tools/setup_js.sh /tmp/cairn-js          # once (~1.5 min)
//   JS_DIR=/tmp/cairn-js node src/test/js/generate_vectors.mjs \
//       > src/test/resources/vectors/generated_cids.txt
// (JS_DIR = folder whose node_modules holds the packages; default /tmp/cairn-js.)
// Progress, timings and sanity-check results go to stderr; exit code 1 if any check fails.
// Needs ~3 GB of RAM (the 1 GiB input is held in memory) and about a minute or two.
//
// Input generator, "sha256ctr(N)": the first N bytes of
//   SHA-256(be64(0)) || SHA-256(be64(1)) || SHA-256(be64(2)) || ...
// where be64(k) is the 8-byte big-endian unsigned k. Every size used is a prefix of the
// same stream, so it is generated once, at the largest size, and sliced.
//
// Output lines (space separated):
//   file <size> <cidVersion> <rawLeaves> <chunkSize> <maxChildren> <rootCid>
//       content sha256ctr(size), fixedSize chunker, balanced layout,
//       reduceSingleLeafToSelf true, other importer options at their defaults
//   dir <A|B> <path> <cid> <size|->      one line per entry the importer yields for the
//       'tree/...' directory below (no wrapWithDirectory); size = importer's reported size
//   wrapped <A|B> <label> <cid>          root of an import with wrapWithDirectory: true
// Option sets: A = cidVersion 1, rawLeaves true, 1 MiB chunks, max 1024 children;
//              B = cidVersion 0, rawLeaves false, 256 KiB chunks, max 174 children.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'

const JS_DIR = process.env.JS_DIR ?? '/tmp/cairn-js'
// Node 20 lacks Promise.withResolvers (Node 22+), which parts of the Helia stack call:
Promise.withResolvers ??= function () { let resolve, reject; const promise = new this((res, rej) => { resolve = res; reject = rej }); return { promise, resolve, reject } }
// resolve a package (or sub-path export) from JS_DIR/node_modules, whatever folder this script is in
async function load (name, sub = '.') {
  const dir = path.join(JS_DIR, 'node_modules', name)
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
  let e = pkg.exports != null ? (pkg.exports[sub] ?? (sub === '.' ? pkg.exports : undefined)) : (pkg.main ?? 'index.js')
  while (e != null && typeof e === 'object') e = e.node ?? e.import ?? e.default ?? e.require
  if (e == null) throw new Error(`cannot resolve ${name} ${sub} in ${dir}`)
  return import(pathToFileURL(path.join(dir, e)).href)
}
function version (name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(JS_DIR, 'node_modules', name, 'package.json'), 'utf8')).version
  } catch { return 'not-installed' }
}

const { importer, importBytes } = await load('ipfs-unixfs-importer')
const { fixedSize } = await load('ipfs-unixfs-importer', './chunker')
const { balanced } = await load('ipfs-unixfs-importer', './layout')
const { MemoryBlockstore } = await load('blockstore-core')
const { unixfs } = await load('@helia/unixfs')

const t0 = Date.now()
const log = (msg) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`)
let failures = 0
function check (what, got, want) {
  const ok = String(got) === String(want)
  if (!ok) failures++
  log(`${ok ? 'OK  ' : 'FAIL'} ${what}: ${got}${ok ? '' : ` (expected ${want})`}`)
  return ok
}

// ---- the input generator ----------------------------------------------------------
const sha256 = crypto.hash != null
  ? (b) => crypto.hash('sha256', b, 'buffer') // Node >= 20.12, one-shot (faster)
  : (b) => crypto.createHash('sha256').update(b).digest()
function sha256ctr (n) {
  const out = Buffer.allocUnsafe(n)
  const ctr = Buffer.alloc(8)
  for (let k = 0, off = 0; off < n; k++, off += 32) {
    ctr.writeUInt32BE(Math.floor(k / 4294967296), 0)
    ctr.writeUInt32BE(k >>> 0, 4)
    const d = sha256(ctr)
    if (off + 32 <= n) out.set(d, off)
    else out.set(d.subarray(0, n - off), off)
  }
  return out
}

// ---- importer helpers -------------------------------------------------------------
const GiB = 1 << 30
const MAX_SIZE = GiB + 1
log(`generating sha256ctr(${MAX_SIZE}) ...`)
const STREAM = sha256ctr(MAX_SIZE)
const ctr = (n) => new Uint8Array(STREAM.buffer, STREAM.byteOffset, n)
log('generated')

function opts (cidVersion, rawLeaves, chunkSize, maxChildren, extra = {}) {
  return {
    cidVersion,
    rawLeaves,
    chunker: fixedSize({ chunkSize }),
    layout: balanced({ maxChildrenPerNode: maxChildren }),
    reduceSingleLeafToSelf: true,
    ...extra
  }
}
// feed content as a stream of pieces that are deliberately not aligned to any chunk size
async function * pieces (bytes, pieceSize = 1_000_003) {
  for (let off = 0; off < bytes.length; off += pieceSize) yield bytes.subarray(off, Math.min(off + pieceSize, bytes.length))
}
async function collect (source, options) {
  const out = []
  for await (const e of importer(source, new MemoryBlockstore(), options)) out.push(e)
  return out
}
// root CID of one file, via the streaming importer; for inputs <= 64 MiB also via
// importBytes (whole buffer at once), which must agree
async function fileCid (size, cidVersion, rawLeaves, chunkSize, maxChildren) {
  const bytes = ctr(size)
  const entries = await collect([{ content: pieces(bytes) }], opts(cidVersion, rawLeaves, chunkSize, maxChildren))
  if (entries.length !== 1) throw new Error(`expected 1 entry for a lone file, got ${entries.length}`)
  const cid = entries[0].cid.toString()
  if (size <= 64 * 1024 * 1024) {
    const viaBytes = (await importBytes(bytes, new MemoryBlockstore(), opts(cidVersion, rawLeaves, chunkSize, maxChildren))).cid.toString()
    if (viaBytes !== cid) check(`importBytes vs streaming importer, size ${size} v${cidVersion} raw=${rawLeaves} ${chunkSize}/${maxChildren}`, viaBytes, cid)
  }
  return cid
}

// ---- sanity checks against /work/shared/fixtures/ref_cids.txt ------------------------
const TEN_MIB = 10 * 1024 * 1024
check('sha256 of sha256ctr(10485760) (= shared fixture sha256ctr_10MiB.bin)',
  crypto.createHash('sha256').update(ctr(TEN_MIB)).digest('hex'),
  '0feff801eb787ac963abfa5121ec9ffae7a8da58c09fdb8a2bf2a5d6b469198c')
check('sha256ctr_10MiB unixfs-v1-2025 via explicit options (v1 raw 1048576/1024)',
  await fileCid(TEN_MIB, 1, true, 1048576, 1024), 'bafybeicd7skf3kopcayeuvgppysxpxzxqvy2sei4i7iym3nz4esrncbyta')
check('sha256ctr_10MiB v1-raw-256k-174 via explicit options (v1 raw 262144/174)',
  await fileCid(TEN_MIB, 1, true, 262144, 174), 'bafybeighxgv3vwvqkj6crbqlfhkcwho4tk3bvr2t6cjr76lbr4wdbvdf6m')
check('sha256ctr_10MiB unixfs-v0-2015 via explicit options (v0 dag-pb 262144/174)',
  await fileCid(TEN_MIB, 0, false, 262144, 174), 'QmZ4E7cPA6e8rGsWSrLKHFbB91PE4RtkbyRtKfVf8GxERo')

const lines = []
const emit = (line) => { lines.push(line) }

// ---- file vectors -----------------------------------------------------------------
const FILE_CASES = [
  [1, true, 262144, 174, [45613056, 45613057, 52428800]],
  [0, false, 262144, 174, [45613056, 45613057, 52428800]],
  [1, true, 1048576, 1024, [52428800, 1073741824, 1073741825]],
  [1, true, 1024, 3, [0, 1, 1024, 1025, 3072, 3073, 9216, 9217, 27648, 27649, 100000]],
  [0, false, 1000, 4, [0, 1, 1000, 4000, 4001, 16001, 64001, 70000]],
  [1, false, 1024, 3, [1, 1024, 5000]]
]
const fileCids = new Map()
for (const [cidVersion, rawLeaves, chunkSize, maxChildren, sizes] of FILE_CASES) {
  for (const size of sizes) {
    const cid = await fileCid(size, cidVersion, rawLeaves, chunkSize, maxChildren)
    const key = `${size} ${cidVersion} ${rawLeaves} ${chunkSize} ${maxChildren}`
    fileCids.set(key, cid)
    emit(`file ${key} ${cid}`)
    if (size >= 10_000_000) log(`file ${key} ${cid}`)
  }
}

// ---- cross-checks of the 50 MiB v1/raw/1MiB/1024 row: @helia/unixfs and ipfs-car -----
const FIFTY_MIB = 52428800
const ref50 = fileCids.get(`${FIFTY_MIB} 1 true 1048576 1024`)
check('sha256ctr(52428800) @helia/unixfs addBytes() defaults == v1 raw 1048576/1024',
  (await unixfs({ blockstore: new MemoryBlockstore() }).addBytes(ctr(FIFTY_MIB))).toString(), ref50)
{
  const car = path.join(JS_DIR, 'node_modules', '.bin', 'ipfs-car')
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-vectors-'))
  try {
    const input = path.join(tmp, 'sha256ctr_50MiB.bin')
    const carFile = path.join(tmp, 'out.car')
    fs.writeFileSync(input, ctr(FIFTY_MIB))
    execFileSync(car, ['pack', '--no-wrap', input, '--output', carFile], { stdio: ['ignore', 'ignore', 'pipe'] })
    const roots = execFileSync(car, ['roots', carFile], { encoding: 'utf8' }).trim()
    check('sha256ctr(52428800) `ipfs-car pack --no-wrap` root == v1 raw 1048576/1024', roots, ref50)
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

// ---- directory vectors ------------------------------------------------------------
const HELLO = new TextEncoder().encode('hello world\n')
const Z = new TextEncoder().encode('z')
const SETS = {
  A: opts(1, true, 1048576, 1024),
  B: opts(0, false, 262144, 174)
}
for (const [name, o] of Object.entries(SETS)) {
  const tree = [
    { path: 'tree/a.txt', content: HELLO },
    { path: 'tree/b.bin', content: ctr(300000) },
    { path: 'tree/sub/c.bin', content: ctr(5000) },
    { path: 'tree/sub/deeper/empty.bin', content: new Uint8Array(0) },
    { path: 'tree/Zeta.txt', content: Z }
  ]
  const entries = await collect(tree, { ...o })
  for (const e of entries) {
    const type = e.unixfs?.type
    if (type != null && type.startsWith('hamt')) { failures++; log(`FAIL dir ${name} ${e.path}: unexpectedly sharded (${type})`) }
    emit(`dir ${name} ${e.path} ${e.cid} ${e.size != null ? e.size.toString() : '-'}`)
  }
  const byPath = new Map(entries.map(e => [e.path, e.cid.toString()]))
  // a directory holding only empty.bin is what ref_cids.txt's helia-addFile-wrapped empty.bin row is
  if (name === 'A') check('dir A tree/sub/deeper (= shared empty.bin helia-addFile-wrapped)', byPath.get('tree/sub/deeper'), 'bafybeigl62ftvki6n6lwpot4c6c2cdaswgcm3vqvuu2xo4leq5hczk3d2i')
  if (name === 'B') check('dir B tree/a.txt (= shared hello.txt unixfs-v0-2015)', byPath.get('tree/a.txt'), 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')
  const last = entries[entries.length - 1]
  if (last.path !== 'tree' || last.unixfs?.type !== 'directory') { failures++; log(`FAIL dir ${name}: last entry is ${last.path} (${last.unixfs?.type}), expected the directory 'tree'`) }

  const hello = await collect([{ path: 'hello.txt', content: HELLO }], { ...o, wrapWithDirectory: true })
  const helloRoot = hello[hello.length - 1].cid.toString()
  emit(`wrapped ${name} hello.txt ${helloRoot}`)
  if (name === 'A') check('hello.txt wrapped, option set A (= shared hello_wrapped.car root)', helloRoot, 'bafybeidhkumeonuwkebh2i4fc7o7lguehauradvlk57gzake6ggjsy372a')

  const two = await collect([{ path: 'a.txt', content: HELLO }, { path: 'Zeta.txt', content: Z }], { ...o, wrapWithDirectory: true })
  emit(`wrapped ${name} a.txt+Zeta.txt ${two[two.length - 1].cid}`)
}

// ---- output -----------------------------------------------------------------------
const header = [
  '# Reference UnixFS CIDs computed with the JS IPFS stack by src/test/js/generate_vectors.mjs:',
  '#   JS_DIR=/tmp/cairn-js node src/test/js/generate_vectors.mjs > src/test/resources/vectors/generated_cids.txt',
  `# ipfs-unixfs-importer ${version('ipfs-unixfs-importer')}, @helia/unixfs ${version('@helia/unixfs')}, ` +
    `blockstore-core ${version('blockstore-core')}, @ipld/dag-pb ${version('@ipld/dag-pb')}, ipfs-car ${version('ipfs-car')}, node ${process.version}`,
  '# Content generator sha256ctr(N): the first N bytes of SHA-256(be64(0)) || SHA-256(be64(1)) || ...',
  '#   where be64(k) is the 8-byte big-endian unsigned k (sha256ctr(10485760) = shared fixture sha256ctr_10MiB.bin).',
  '# Importer options: cidVersion, rawLeaves, chunker fixedSize({chunkSize}), layout balanced({maxChildrenPerNode}),',
  '#   reduceSingleLeafToSelf true; everything else default (leafType file, fieldOrder links-first,',
  '#   shardSplitThresholdBytes 262144 / links-bytes: never reached here, no directory is sharded).',
  '# file <size> <cidVersion> <rawLeaves> <chunkSize> <maxChildren> <rootCid>    content = sha256ctr(size)',
  '# dir <set> <path> <cid> <size>: each entry yielded by importer() for tree/a.txt ("hello world\\n"),',
  '#   tree/b.bin (sha256ctr(300000)), tree/sub/c.bin (sha256ctr(5000)), tree/sub/deeper/empty.bin (0 bytes),',
  '#   tree/Zeta.txt ("z"), no wrapWithDirectory; size = the importer-reported size, i.e. the cumulative',
  '#   serialized DAG size (the Tsize a parent link carries): for a file made of one raw leaf that is its byte',
  '#   count, for dag-pb leaves it includes the UnixFS wrapping (hello = 20 in set B), for a directory it is',
  '#   its block size + the sum of its links\' Tsizes.',
  '# wrapped <set> <label> <cid>: root of importer() with wrapWithDirectory true; hello.txt = {path hello.txt,',
  '#   "hello world\\n"}; a.txt+Zeta.txt = {path a.txt, "hello world\\n"} and {path Zeta.txt, "z"}.',
  '# Sets: A = cidVersion 1, rawLeaves true, chunk 1048576, max 1024; B = cidVersion 0, rawLeaves false, chunk 262144, max 174.',
  '# Checked while generating: the sha256ctr_10MiB rows of ../shared/fixtures/ref_cids.txt (unixfs-v1-2025,',
  '#   v1-raw-256k-174, unixfs-v0-2015) via these explicit options; wrapped A hello.txt = hello_wrapped.car root;',
  '#   dir A tree/sub/deeper and dir B tree/a.txt = the matching ref_cids.txt rows (empty.bin wrapped, hello.txt v0);',
  '#   file 52428800 1 true 1048576 1024 = @helia/unixfs addBytes() default = `ipfs-car pack --no-wrap` root.'
]
if (failures > 0) {
  log(`${failures} check(s) FAILED; no output written`)
  process.exit(1)
}
process.stdout.write([...header, ...lines].join('\n') + '\n')
log(`all checks passed; ${lines.length} vector lines written`)
