;; The keyword prefilter's hot loop (src/engine/prefilter.ts, scanBytes) in WebAssembly.
;;
;; The same algorithm on the same tables: a hashed filter of the last four case-folded
;; bytes at each position, exact checks of the three- and four-byte prefixes it lets
;; through, two-byte keywords and structural anchors found from their last byte. It records
;; only confirmed hits, in the order the JavaScript loop records them, and for UTF-8 input
;; turns their byte offsets into UTF-16 ones (toUtf16Offsets in prefilter.ts).
;;
;; Why: V8 runs the byte loop itself about as fast, but the few million exact checks
;; behind the filter and the offset conversion cost more there; on the 85 MB scan
;; benchmark the prefilter takes about 340 ms here against 520 ms in JavaScript, with the
;; same hits (docs/performance.md).
;;
;; JavaScript lays the tables out in memory (keyword-scan.ts) and writes their addresses in
;; a header of i32 fields at address 0 (listed below). Build: `node scripts/build-wasm.mjs`
;; turns this file into keyword-scan-wasm.ts; test/engine/prefilter-wasm.test.ts fails when
;; the two are out of step, and holds the hits to the JavaScript loop's.
(module
  (memory (export "memory") 1)

  ;; Header field addresses (byte offsets of i32 fields).
  ;;   0 fold       256 bytes: byte -> ASCII lower case
  ;;   4 ends       256 bytes: byte -> 1 ends a two-byte keyword, 2 closes an anchor, 4 ends an exact two-byte keyword
  ;;   8 token      256 bytes: byte -> 1 when an anchor's gap may hold it
  ;;  12 filter     i32 words: bit set where a keyword of three or more bytes may end
  ;;  16 pair       i32 x 65536: folded two-byte keyword -> id + 1 (0 none)
  ;;  20 xpair      i32 x 65536: exact two-byte keyword -> id + 1
  ;;  24..40 triples: keys, values, mask, list starts, list ids
  ;;  44..60 quads: keys, values, mask, list starts, list ids
  ;;  64 kwPtr, 68 kwLen, 72 kwExact: per keyword id
  ;;  76 anchors (16 bytes each: open, close, gap, id), 80 anchor count
  ;;  84 outStarts, 88 outIds (i32 each), 92 output capacity, 96 most records one position makes
  ;;  100 count: records written so far (JavaScript empties the output and sets it to 0)

  (global $fold (mut i32) (i32.const 0))
  (global $ends (mut i32) (i32.const 0))
  (global $token (mut i32) (i32.const 0))
  (global $filter (mut i32) (i32.const 0))
  (global $pair (mut i32) (i32.const 0))
  (global $xpair (mut i32) (i32.const 0))
  (global $tKeys (mut i32) (i32.const 0))
  (global $tVals (mut i32) (i32.const 0))
  (global $tMask (mut i32) (i32.const 0))
  (global $tStart (mut i32) (i32.const 0))
  (global $tIds (mut i32) (i32.const 0))
  (global $qKeys (mut i32) (i32.const 0))
  (global $qVals (mut i32) (i32.const 0))
  (global $qMask (mut i32) (i32.const 0))
  (global $qStart (mut i32) (i32.const 0))
  (global $qIds (mut i32) (i32.const 0))
  (global $kwPtr (mut i32) (i32.const 0))
  (global $kwLen (mut i32) (i32.const 0))
  (global $kwExact (mut i32) (i32.const 0))
  (global $anchors (mut i32) (i32.const 0))
  (global $anchorCount (mut i32) (i32.const 0))
  (global $outStarts (mut i32) (i32.const 0))
  (global $outIds (mut i32) (i32.const 0))
  (global $outCap (mut i32) (i32.const 0))
  (global $maxPer (mut i32) (i32.const 0))
  (global $count (mut i32) (i32.const 0))
  ;; Where toUtf16 left off: a byte offset and the UTF-16 offset it stands for.
  (global $cursorByte (mut i32) (i32.const 0))
  (global $cursorUnit (mut i32) (i32.const 0))

  (func $readHeader
    (global.set $fold (i32.load (i32.const 0)))
    (global.set $ends (i32.load (i32.const 4)))
    (global.set $token (i32.load (i32.const 8)))
    (global.set $filter (i32.load (i32.const 12)))
    (global.set $pair (i32.load (i32.const 16)))
    (global.set $xpair (i32.load (i32.const 20)))
    (global.set $tKeys (i32.load (i32.const 24)))
    (global.set $tVals (i32.load (i32.const 28)))
    (global.set $tMask (i32.load (i32.const 32)))
    (global.set $tStart (i32.load (i32.const 36)))
    (global.set $tIds (i32.load (i32.const 40)))
    (global.set $qKeys (i32.load (i32.const 44)))
    (global.set $qVals (i32.load (i32.const 48)))
    (global.set $qMask (i32.load (i32.const 52)))
    (global.set $qStart (i32.load (i32.const 56)))
    (global.set $qIds (i32.load (i32.const 60)))
    (global.set $kwPtr (i32.load (i32.const 64)))
    (global.set $kwLen (i32.load (i32.const 68)))
    (global.set $kwExact (i32.load (i32.const 72)))
    (global.set $anchors (i32.load (i32.const 76)))
    (global.set $anchorCount (i32.load (i32.const 80)))
    (global.set $outStarts (i32.load (i32.const 84)))
    (global.set $outIds (i32.load (i32.const 88)))
    (global.set $outCap (i32.load (i32.const 92)))
    (global.set $maxPer (i32.load (i32.const 96)))
    (global.set $count (i32.load (i32.const 100))))

  (func $record (param $start i32) (param $id i32)
    (local $at i32)
    (local.set $at (i32.shl (global.get $count) (i32.const 2)))
    (i32.store (i32.add (global.get $outStarts) (local.get $at)) (local.get $start))
    (i32.store (i32.add (global.get $outIds) (local.get $at)) (local.get $id))
    (global.set $count (i32.add (global.get $count) (i32.const 1))))

  ;; The value an open-addressing table (IntTable in prefilter.ts) holds for $key, or -1.
  (func $get (param $keys i32) (param $vals i32) (param $mask i32) (param $key i32) (result i32)
    (local $h i32)
    (local $v i32)
    (local.set $h (i32.and (i32.shr_u (i32.mul (local.get $key) (i32.const 0x9e3779b1)) (i32.const 16)) (local.get $mask)))
    (loop $probe
      (local.set $v (i32.load (i32.add (local.get $vals) (i32.shl (local.get $h) (i32.const 2)))))
      (if (i32.lt_s (local.get $v) (i32.const 0)) (then (return (local.get $v))))
      (if (i32.eq (i32.load (i32.add (local.get $keys) (i32.shl (local.get $h) (i32.const 2)))) (local.get $key)) (then (return (local.get $v))))
      (local.set $h (i32.and (i32.add (local.get $h) (i32.const 1)) (local.get $mask)))
      (br $probe))
    (unreachable))

  ;; Whether keyword $id occurs at byte $i: as spelled when $exact, else ignoring ASCII case
  ;; (the keyword is stored lower case).
  (func $matches (param $in i32) (param $n i32) (param $i i32) (param $id i32) (param $exact i32) (result i32)
    (local $len i32)
    (local $kw i32)
    (local $j i32)
    (local $b i32)
    (local.set $len (i32.load (i32.add (global.get $kwLen) (i32.shl (local.get $id) (i32.const 2)))))
    (local.set $kw (i32.load (i32.add (global.get $kwPtr) (i32.shl (local.get $id) (i32.const 2)))))
    (if (i32.gt_s (i32.add (local.get $i) (local.get $len)) (local.get $n)) (then (return (i32.const 0))))
    (local.set $in (i32.add (local.get $in) (local.get $i)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $j) (local.get $len)))
        (local.set $b (i32.load8_u (i32.add (local.get $in) (local.get $j))))
        (if (i32.eqz (local.get $exact)) (then (local.set $b (i32.load8_u (i32.add (global.get $fold) (local.get $b))))))
        (if (i32.ne (local.get $b) (i32.load8_u (i32.add (local.get $kw) (local.get $j)))) (then (return (i32.const 0))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; Records the three-byte keywords ending at byte $i and the longer ones whose first four
  ;; bytes end there (prefixesEndingAt in prefilter.ts).
  (func $prefixes (param $in i32) (param $n i32) (param $i i32)
    (local $p3 i32)
    (local $list i32)
    (local $k i32)
    (local $end i32)
    (local $id i32)
    (local $at i32)
    (local $fold i32)
    (if (i32.lt_s (local.get $i) (i32.const 2)) (then (return)))
    (local.set $fold (global.get $fold))
    (local.set $at (i32.add (local.get $in) (local.get $i)))
    (local.set $p3
      (i32.or
        (i32.or
          (i32.shl (i32.load8_u (i32.add (local.get $fold) (i32.load8_u offset=0 (i32.sub (local.get $at) (i32.const 2))))) (i32.const 16))
          (i32.shl (i32.load8_u (i32.add (local.get $fold) (i32.load8_u offset=0 (i32.sub (local.get $at) (i32.const 1))))) (i32.const 8)))
        (i32.load8_u (i32.add (local.get $fold) (i32.load8_u (local.get $at))))))
    (local.set $list (call $get (global.get $tKeys) (global.get $tVals) (global.get $tMask) (local.get $p3)))
    (if (i32.ge_s (local.get $list) (i32.const 0))
      (then
        (local.set $k (i32.load (i32.add (global.get $tStart) (i32.shl (local.get $list) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (global.get $tStart) (i32.shl (local.get $list) (i32.const 2)))))
        (block $done
          (loop $next
            (br_if $done (i32.ge_s (local.get $k) (local.get $end)))
            (local.set $id (i32.load (i32.add (global.get $tIds) (i32.shl (local.get $k) (i32.const 2)))))
            (if
              (i32.or
                (i32.eqz (i32.load (i32.add (global.get $kwExact) (i32.shl (local.get $id) (i32.const 2)))))
                (call $matches (local.get $in) (local.get $n) (i32.sub (local.get $i) (i32.const 2)) (local.get $id) (i32.const 1)))
              (then (call $record (i32.sub (local.get $i) (i32.const 2)) (local.get $id))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $next)))))
    (if (i32.lt_s (local.get $i) (i32.const 3)) (then (return)))
    (local.set $list
      (call $get (global.get $qKeys) (global.get $qVals) (global.get $qMask)
        (i32.or
          (i32.shl (i32.load8_u (i32.add (local.get $fold) (i32.load8_u (i32.sub (local.get $at) (i32.const 3))))) (i32.const 24))
          (local.get $p3))))
    (if (i32.lt_s (local.get $list) (i32.const 0)) (then (return)))
    (local.set $k (i32.load (i32.add (global.get $qStart) (i32.shl (local.get $list) (i32.const 2)))))
    (local.set $end (i32.load offset=4 (i32.add (global.get $qStart) (i32.shl (local.get $list) (i32.const 2)))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $k) (local.get $end)))
        (local.set $id (i32.load (i32.add (global.get $qIds) (i32.shl (local.get $k) (i32.const 2)))))
        (if
          (call $matches (local.get $in) (local.get $n) (i32.sub (local.get $i) (i32.const 3)) (local.get $id)
            (i32.load (i32.add (global.get $kwExact) (i32.shl (local.get $id) (i32.const 2)))))
          (then (call $record (i32.sub (local.get $i) (i32.const 3)) (local.get $id))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; Records the anchors that byte $i (value $b) closes: the opening mark sits `gap` token
  ;; bytes before it (anchorEndsAt in prefilter.ts).
  (func $anchorsAt (param $in i32) (param $i i32) (param $b i32)
    (local $a i32)
    (local $rec i32)
    (local $start i32)
    (local $j i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $a) (global.get $anchorCount)))
        (local.set $rec (i32.add (global.get $anchors) (i32.shl (local.get $a) (i32.const 4))))
        (local.set $start (i32.sub (i32.sub (local.get $i) (i32.load offset=8 (local.get $rec))) (i32.const 1)))
        (if
          (i32.and
            (i32.and (i32.eq (local.get $b) (i32.load offset=4 (local.get $rec))) (i32.ge_s (local.get $start) (i32.const 0)))
            (i32.eq (i32.load8_u (i32.add (local.get $in) (local.get $start))) (i32.load (local.get $rec))))
          (then
            ;; The gap between the marks holds token bytes only.
            (local.set $j (i32.add (local.get $start) (i32.const 1)))
            (block $broken
              (loop $gap
                (if (i32.ge_s (local.get $j) (local.get $i))
                  (then
                    (call $record (local.get $start) (i32.load offset=12 (local.get $rec)))
                    (br $broken)))
                (br_if $broken (i32.eqz (i32.load8_u (i32.add (global.get $token) (i32.load8_u (i32.add (local.get $in) (local.get $j)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $gap)))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $next))))

  ;; Turns the byte offsets of the output's hits, in valid UTF-8, into offsets in the decoded
  ;; text (UTF-16 units): every byte that starts a character is one unit, a four-byte one
  ;; two (toUtf16Offsets in prefilter.ts). Hits are nearly in order, so one cursor, kept
  ;; across batches, walks forward and, for the few a little out of order, briefly back.
  (func $toUtf16 (param $in i32)
    (local $h i32)
    (local $start i32)
    (local $byte i32)
    (local $unit i32)
    (local $b i32)
    (local.set $byte (global.get $cursorByte))
    (local.set $unit (global.get $cursorUnit))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $h) (global.get $count)))
        (local.set $start (i32.load (i32.add (global.get $outStarts) (i32.shl (local.get $h) (i32.const 2)))))
        (block $forward
          (loop $step
            (br_if $forward (i32.ge_s (local.get $byte) (local.get $start)))
            (local.set $b (i32.load8_u (i32.add (local.get $in) (local.get $byte))))
            ;; + 1 unless a continuation byte, + 1 more for a four-byte lead (as $width, without the call).
            (local.set $unit
              (i32.add (local.get $unit)
                (i32.add (i32.ne (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80)) (i32.ge_u (local.get $b) (i32.const 0xf0)))))
            (local.set $byte (i32.add (local.get $byte) (i32.const 1)))
            (br $step)))
        (block $back
          (loop $step
            (br_if $back (i32.le_s (local.get $byte) (local.get $start)))
            (local.set $byte (i32.sub (local.get $byte) (i32.const 1)))
            (local.set $b (i32.load8_u (i32.add (local.get $in) (local.get $byte))))
            (local.set $unit (i32.sub (local.get $unit) (call $width (local.get $b))))
            (br $step)))
        (i32.store (i32.add (global.get $outStarts) (i32.shl (local.get $h) (i32.const 2))) (local.get $unit))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br $next)))
    (global.set $cursorByte (local.get $byte))
    (global.set $cursorUnit (local.get $unit)))

  ;; UTF-16 units a UTF-8 byte adds: 0 for a continuation byte, 2 for a four-byte lead, else 1.
  (func $width (param $b i32) (result i32)
    (i32.add (i32.ne (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80)) (i32.ge_u (local.get $b) (i32.const 0xf0))))

  ;; Hands the output to JavaScript: its count in the header, its offsets in UTF-16 units when asked.
  (func $finishBatch (param $in i32) (param $utf16 i32)
    (if (local.get $utf16) (then (call $toUtf16 (local.get $in))))
    (i32.store (i32.const 100) (global.get $count)))

  ;; Scans bytes [$from, $n) of the input at $in, appending hits to the output; with $utf16
  ;; the input is valid UTF-8 and hits are given in UTF-16 units. It goes in blocks of 64
  ;; bytes (BLOCK in keyword-scan.ts) and stops early, before a block whose hits might not
  ;; fit, returning the position it reached ($n when done); JavaScript empties the output
  ;; and calls again from there.
  (func (export "scan") (param $in i32) (param $n i32) (param $from i32) (param $utf16 i32) (result i32)
    (local $i i32)
    (local $b i32)
    (local $e i32)
    (local $h i32)
    (local $id i32)
    (local $last4 i32)
    (local $filter i32)
    (local $ends i32)
    (local $fold i32)
    (local $limit i32)
    (local $blockEnd i32)
    (call $readHeader)
    (local.set $filter (global.get $filter))
    (local.set $ends (global.get $ends))
    (local.set $fold (global.get $fold))
    ;; Room for a whole block's hits (JavaScript sizes the output to hold several blocks' worth).
    (local.set $limit (i32.sub (global.get $outCap) (i32.mul (global.get $maxPer) (i32.const 64))))
    (if (i32.eqz (local.get $from))
      (then
        (global.set $cursorByte (i32.const 0))
        (global.set $cursorUnit (i32.const 0))))
    ;; The four bytes before $from, folded; as if spaces came before the text.
    (local.set $last4 (i32.const 0x20202020))
    (local.set $i (select (i32.sub (local.get $from) (i32.const 4)) (i32.const 0) (i32.gt_s (local.get $from) (i32.const 4))))
    (block $warm
      (loop $next
        (br_if $warm (i32.ge_s (local.get $i) (local.get $from)))
        (local.set $last4
          (i32.or (i32.shl (local.get $last4) (i32.const 8)) (i32.or (i32.load8_u (i32.add (local.get $in) (local.get $i))) (i32.const 0x20))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.set $i (local.get $from))
    (block $done
      (loop $block
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (if (i32.gt_s (global.get $count) (local.get $limit))
          (then
            (call $finishBatch (local.get $in) (local.get $utf16))
            (return (local.get $i))))
        (local.set $blockEnd (i32.add (local.get $i) (i32.const 64)))
        (if (i32.gt_s (local.get $blockEnd) (local.get $n)) (then (local.set $blockEnd (local.get $n))))
        (loop $byte
          (local.set $b (i32.load8_u (i32.add (local.get $in) (local.get $i))))
          (local.set $last4 (i32.or (i32.shl (local.get $last4) (i32.const 8)) (i32.or (local.get $b) (i32.const 0x20))))
          (local.set $h (i32.shr_u (i32.mul (local.get $last4) (i32.const 0x9e3779b1)) (i32.const 12)))
          ;; A shift count is taken modulo 32, so `1 << h` tests bit h & 31 of word h >> 5.
          (if
            (i32.and
              (i32.load (i32.add (local.get $filter) (i32.shl (i32.shr_u (local.get $h) (i32.const 5)) (i32.const 2))))
              (i32.shl (i32.const 1) (local.get $h)))
            (then (call $prefixes (local.get $in) (local.get $n) (local.get $i))))
          (local.set $e (i32.load8_u (i32.add (local.get $ends) (local.get $b))))
          (if (local.get $e)
            (then
              (if (i32.and (i32.ne (i32.and (local.get $e) (i32.const 1)) (i32.const 0)) (i32.gt_s (local.get $i) (i32.const 0)))
                (then
                  (local.set $id
                    (i32.load
                      (i32.add (global.get $pair)
                        (i32.shl
                          (i32.or
                            (i32.shl (i32.load8_u (i32.add (local.get $fold) (i32.load8_u offset=0 (i32.sub (i32.add (local.get $in) (local.get $i)) (i32.const 1))))) (i32.const 8))
                            (i32.load8_u (i32.add (local.get $fold) (local.get $b))))
                          (i32.const 2)))))
                  (if (local.get $id) (then (call $record (i32.sub (local.get $i) (i32.const 1)) (i32.sub (local.get $id) (i32.const 1)))))))
              (if (i32.and (i32.ne (i32.and (local.get $e) (i32.const 4)) (i32.const 0)) (i32.gt_s (local.get $i) (i32.const 0)))
                (then
                  (local.set $id
                    (i32.load
                      (i32.add (global.get $xpair)
                        (i32.shl
                          (i32.or (i32.shl (i32.load8_u (i32.sub (i32.add (local.get $in) (local.get $i)) (i32.const 1))) (i32.const 8)) (local.get $b))
                          (i32.const 2)))))
                  (if (local.get $id) (then (call $record (i32.sub (local.get $i) (i32.const 1)) (i32.sub (local.get $id) (i32.const 1)))))))
              (if (i32.and (local.get $e) (i32.const 2)) (then (call $anchorsAt (local.get $in) (local.get $i) (local.get $b))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $byte (i32.lt_s (local.get $i) (local.get $blockEnd))))
        (br $block)))
    (call $finishBatch (local.get $in) (local.get $utf16))
    (local.get $n)))
