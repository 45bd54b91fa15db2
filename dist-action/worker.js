import { createRequire as __keylintCreateRequire } from 'node:module';
const require = __keylintCreateRequire(import.meta.url);
var __getOwnPropNames = Object.getOwnPropertyNames;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};

// <define:globalThis.KEYLINT_EMBEDDED_RULES>
var init_define_globalThis_KEYLINT_EMBEDDED_RULES = __esm({
  "<define:globalThis.KEYLINT_EMBEDDED_RULES>"() {
  }
});

// node_modules/@eslint-community/regexpp/index.js
var require_regexpp = __commonJS({
  "node_modules/@eslint-community/regexpp/index.js"(exports) {
    "use strict";
    init_define_globalThis_KEYLINT_EMBEDDED_RULES();
    Object.defineProperty(exports, "__esModule", { value: true });
    var ast = /* @__PURE__ */ Object.freeze({
      __proto__: null
    });
    var latestEcmaVersion = 2025;
    var largeIdStartRanges = void 0;
    var largeIdContinueRanges = void 0;
    function isIdStart(cp) {
      if (cp < 65)
        return false;
      if (cp < 91)
        return true;
      if (cp < 97)
        return false;
      if (cp < 123)
        return true;
      return isLargeIdStart(cp);
    }
    function isIdContinue(cp) {
      if (cp < 48)
        return false;
      if (cp < 58)
        return true;
      if (cp < 65)
        return false;
      if (cp < 91)
        return true;
      if (cp === 95)
        return true;
      if (cp < 97)
        return false;
      if (cp < 123)
        return true;
      return isLargeIdStart(cp) || isLargeIdContinue(cp);
    }
    function isLargeIdStart(cp) {
      return isInRange(cp, largeIdStartRanges !== null && largeIdStartRanges !== void 0 ? largeIdStartRanges : largeIdStartRanges = initLargeIdStartRanges());
    }
    function isLargeIdContinue(cp) {
      return isInRange(cp, largeIdContinueRanges !== null && largeIdContinueRanges !== void 0 ? largeIdContinueRanges : largeIdContinueRanges = initLargeIdContinueRanges());
    }
    function initLargeIdStartRanges() {
      return restoreRanges("4q 0 b 0 5 0 6 m 2 u 2 cp 5 b f 4 8 0 2 0 3m 4 2 1 3 3 2 0 7 0 2 2 2 0 2 j 2 2a 2 3u 9 4l 2 11 2 1 7 14 3 1 1w q 5 3 1a 16 10 1 2 2q 2 0 g 1 8 1 b 2 3 0 h 0 2 t u 2g c 0 p w a 1 5 0 6 l 5 0 a 0 4 0 o o 8 a 6 n 2 6 h 15 1n 1h 4 0 j 0 8 9 g f 5 7 3 1 3 l 2 6 2 0 4 3 4 0 h 0 e 1 2 2 f 1 b 0 9 5 5 1 3 l 2 6 2 1 2 1 2 1 w 3 2 0 k 2 h 8 2 2 2 l 2 6 2 1 2 4 4 0 j 0 g 1 o 0 c 7 3 1 3 l 2 6 2 1 2 4 4 0 v 1 2 2 g 0 i 0 2 5 4 2 2 3 4 1 2 0 2 1 4 1 4 2 4 b n 0 1h 7 2 2 2 m 2 f 4 0 r 2 2 1 3 1 v 0 5 7 2 2 2 m 2 9 2 4 4 0 v 2 2 1 g 1 i 8 2 2 2 14 3 0 h 0 6 2 9 2 p 5 6 h 4 n 2 8 2 0 3 6 1n 1b 2 1 d 6 1n 1 2 0 2 4 2 n 2 0 2 9 2 1 a 0 3 4 2 0 m 3 x 0 1s 7 2 z s 4 38 16 l 0 h 5 5 3 4 0 4 1 8 2 5 c d 0 i 11 2 0 6 0 3 16 2 98 2 3 3 6 2 0 2 3 3 14 2 3 3 w 2 3 3 6 2 0 2 3 3 e 2 1k 2 3 3 1u 12 f h 2d 3 5 4 h7 3 g 2 p 6 22 4 a 8 h e i f h f c 2 2 g 1f 10 0 5 0 1w 2g 8 14 2 0 6 1x b u 1e t 3 4 c 17 5 p 1j m a 1g 2b 0 2m 1a i 7 1j t e 1 b 17 r z 16 2 b z 3 a 6 16 3 2 16 3 2 5 2 1 4 0 6 5b 1t 7p 3 5 3 11 3 5 3 7 2 0 2 0 2 0 2 u 3 1g 2 6 2 0 4 2 2 6 4 3 3 5 5 c 6 2 2 6 39 0 e 0 g g 2r 0 5 0 3 9 2 0 3 5 7 0 2 0 2 0 2 f 3 3 6 4 5 0 i 14 22g 6c 7 3 4 1 d 11 2 0 6 0 3 1j 8 0 h m a 6 2 6 2 6 2 6 2 6 2 6 2 6 2 6 fb 2 q 8 8 4 3 4 5 2d 5 4 2 2h 2 3 6 16 2 2l i v 1d f e9 533 1t h3g 1w 19 3 7g 4 f b 1 l 1a h u 3 27 14 8 3 2u 3 2a 5 0 f g 2 2 2 3 2 m u 1f f 1d 1r 5 4 0 2 1 c r b m q s 8 1a t 0 h 4 2 9 b 4 2 14 o 2 2 7 l m 4 0 4 1d 2 0 4 1 3 4 3 0 2 0 p 2 3 a 8 2 d 5 3 5 3 5 a 6 2 6 2 16 2 d 3 1 3 36 u 8mb d m 5 1c 6it a5 3 2x 13 6 d 4 6 0 2 9 2 c 2 4 2 0 2 1 2 1 2 2z y a2 j 1r 3 1h 15 b 39 4 2 3q 11 p 7 p c 2g 4 5 3 5 3 5 3 2 10 b 2 p 2 i 2 1 2 e 3 d z 3e 1y 1g 7g s 4 1c 1c v e t 6 11 b t 3 z 5 7 2 4 17 4d j z 5 z 5 13 9 1f d a 2 e 2 6 2 1 2 a 2 e 2 6 2 1 4 1f d 8m a l b 7 p 5 2 15 2 d 1t 5 3 0 2 17 2 1 4 0 3 m b m a u 1u i 2 1 b l b p 7 p 13 1j 7 1 1t 0 g 3 2 2 2 s 17 s 4 s 10 7 2 r s 1h b l b i e h 33 20 1k 1e e 1e e z 13 r a m 6z 15 7 1 h 5 i l i s b 0 9 l 17 h 1b k s m d 1g 1m 1 3 0 e 18 x o r z u 0 3 0 9 y 4 0 d 1b f 3 m 0 2 0 10 h 2 o k 1 1s 6 2 0 2 3 2 e 2 9 8 1a 13 7 3 1 3 l 2 6 2 1 2 4 4 0 j 0 d 4 v 9 2 0 3 0 2 11 2 0 q 0 2 0 19 1g j 3 l 2 v 1b l 1 2 0 55 1a 16 3 11 1b l 0 1o 16 e 0 20 q 12 6 56 17 39 1r w 7 3 0 3 7 2 1 2 n g 0 2 0 2n 7 3 12 h 0 2 0 t 0 b 13 8 0 m 0 c 19 k 0 j 20 i 0 52 w w 8 2 10 i 0 1e t 35 6 2 1 2 11 m 0 q 5 2 1 2 v f 0 o 17 m 0 6n i g 0 2 c 2 x 3h 0 28 pl 2v 33 6 5q d 8m 1sa 2o g tr i 5 q 32y 6 g6 5a2 t 1cz fs 8 u i 26 i t j 1b h 3 w k 6 i c1 18 5w 1r x o 3 o 19 22 6 0 1v c 1t 1 2 0 f 4 a 5p6 11 x 2o 36 e pd f 1e 5y6 3 2 6 2 1 2 88 a 0 u 2 3 0 f 4 8 az 1s5 2y 6 c 4 8 8 9 4mf 2c 2 1y 2 1 3 0 3 1 3 3 2 b 2 0 2 6 2 1s 2 3 3 7 2 6 2 r 2 3 2 4 2 0 4 6 2 9g 2 o 2 o 2 u 2 o 2 u 2 o 2 u 2 o 2 u 2 o 2 7 1f9 3l f 6 1j 1e 1d 1p 43 18 b 6 h 0 8y t j 17 dh r 6d t 3 0 5s u 2 2 2 1 2 6 3 4 a 1 69 6 2 3 2 1 2 e 2 5g 1o 1v 8 0 xh 3 2 q 2 1 2 0 3 0 2 9 2 3 2 0 2 0 7 0 5 0 2 0 2 0 2 2 2 1 2 0 3 0 2 0 2 0 2 0 2 0 2 1 2 0 3 3 2 6 2 3 2 3 2 0 2 9 2 g 6 2 2 4 2 g 3et wyn x 3dq 2 4gd 3 5rk g h9 1wj f1 15v 3t6 6 6jt upz 8qn");
    }
    function initLargeIdContinueRanges() {
      return restoreRanges("53 0 g9 33 o 0 70 4 7e 18 2 0 2 1 2 1 2 2 1z a 1d u 7 0 2u 6 3 5 3 1 2 3 3 9 o 0 v q 2k a g 9 y 8 a 0 p 3 2 8 2 2 2 4 18 2 1o 8 17 n 2 w 1j 2 2 h 2 6 b 1 3 9 i 2 1l 0 2 6 3 1 3 2 a 0 b 1 3 9 f 0 3 2 1l 0 2 4 5 1 3 2 4 0 l b 4 0 c 2 1l 0 2 7 2 2 2 2 l 1 3 9 b 5 2 2 1l 0 2 6 3 1 3 2 6 4 b 1 3 9 j 0 1o 4 4 2 2 3 a 0 f 9 h 4 1k 0 2 6 2 2 2 3 8 1 c 1 3 9 i 2 1l 0 2 6 2 2 2 3 8 1 c 1 3 9 4 0 d 3 1k 1 2 6 2 2 2 3 a 0 b 1 3 9 i 2 1z 0 5 5 2 0 2 7 7 9 3 1 1q 0 3 6 d 7 2 9 2g 0 3 8 c 6 2 9 1r 1 7 9 c 0 2 0 2 0 5 1 1e j 2 1 6 a 2 z a 0 2t j 2 9 d 3 5 2 2 2 3 6 4 3 e b 2 e jk 2 a 8 pt 3 t 2 u 1 v 1 1t v a 0 3 9 y 2 2 a 40 0 3b b 5 b b 9 3l a 1p 4 1m 9 2 s 3 a 7 9 n d 2 1d g 4 1c g c 9 i 8 d 2 v c 3 9 19 d 1d j 9 9 7 9 3b 2 2 k 5 0 7 0 3 2 5j 1r el 1 1e 1 k 0 3g c 5 0 4 b 2db 2 3y 0 2p v ff 5 2y 1 2p 0 n51 9 1y 0 5 9 x 1 29 1 7l 0 4 0 5 0 o 4 5 0 2c 1 1f h b 9 7 h e a t 7 q c 19 3 1c d g 9 c 0 b 9 1c d d 0 9 1 3 9 y 2 1f 0 2 2 3 1 6 1 2 0 16 4 6 1 6l 7 2 1 3 9 fmt 0 ki f h f 4 1 p 2 5d 9 12 0 12 0 ig 0 6b 0 46 4 86 9 120 2 2 1 6 3 15 2 5 0 4m 1 fy 3 9 9 7 9 w 4 8u 1 v 4 x f 1z a 1e 3 3f 2 1i e w a 3 1 b 3 1a a 8 0 1a 9 7 2 11 d 2 9 6 1 19 0 d 2 1d d 9 3 2 b 2b b 7 0 3 0 4e b 6 9 7 3 1k 1 2 6 3 1 3 2 a 0 b 1 3 6 4 4 1w 8 2 0 3 0 2 3 2 4 2 0 f 1 2b h a 9 5 0 2a j d 9 5y 6 3 8 s 1 2b g g 9 2a c 9 9 7 j 1m e 5 9 6r e 4m 9 1z 5 2 1 3 3 2 0 2 1 d 9 3c 6 3 6 4 0 t 9 15 6 2 3 9 0 a a 1b f 5j 7 3t 9 1i 7 2 7 h 9 1l l 2 d 3f 5 4 0 2 1 2 6 2 0 9 9 1d 4 2 1 2 4 9 9 1j 9 7 0 77 3 a 1 2 0 1d 6 4 4 e a 44m 0 7 e 8uh r 1t3 9 2f 9 13 4 1o 6 q 9 ev 9 d2 0 2 1i 8 3 2a 0 c 1 f58 1 382 9 ef 19 3 m dd 1 1p 4 4 5 9 7 3 6 v 3 45 2 c 2 9 1 3 0 x 1 11p 1d e9 1i 5 1d 9 0 f 0 n 4 2 e 11t 6 2 g 3 6 2 1 2 4 2t 0 4h 6 a 9 9x 0 1q d dv d 6t 1 2 9 6h 0 3 0 8 1 6 0 d7 6 32 6 6 9 3o7 9 gvt3 6n");
    }
    function isInRange(cp, ranges) {
      let l = 0, r = ranges.length / 2 | 0, i = 0, min = 0, max = 0;
      while (l < r) {
        i = (l + r) / 2 | 0;
        min = ranges[2 * i];
        max = ranges[2 * i + 1];
        if (cp < min) {
          r = i;
        } else if (cp > max) {
          l = i + 1;
        } else {
          return true;
        }
      }
      return false;
    }
    function restoreRanges(data) {
      let last = 0;
      return data.split(" ").map((s) => last += parseInt(s, 36) | 0);
    }
    var DataSet = class {
      constructor(raw2018, raw2019, raw2020, raw2021, raw2022, raw2023, raw2024, raw2025, raw2026) {
        this._raw2018 = raw2018;
        this._raw2019 = raw2019;
        this._raw2020 = raw2020;
        this._raw2021 = raw2021;
        this._raw2022 = raw2022;
        this._raw2023 = raw2023;
        this._raw2024 = raw2024;
        this._raw2025 = raw2025;
        this._raw2026 = raw2026;
      }
      get es2018() {
        var _a;
        return (_a = this._set2018) !== null && _a !== void 0 ? _a : this._set2018 = new Set(this._raw2018.split(" "));
      }
      get es2019() {
        var _a;
        return (_a = this._set2019) !== null && _a !== void 0 ? _a : this._set2019 = new Set(this._raw2019.split(" "));
      }
      get es2020() {
        var _a;
        return (_a = this._set2020) !== null && _a !== void 0 ? _a : this._set2020 = new Set(this._raw2020.split(" "));
      }
      get es2021() {
        var _a;
        return (_a = this._set2021) !== null && _a !== void 0 ? _a : this._set2021 = new Set(this._raw2021.split(" "));
      }
      get es2022() {
        var _a;
        return (_a = this._set2022) !== null && _a !== void 0 ? _a : this._set2022 = new Set(this._raw2022.split(" "));
      }
      get es2023() {
        var _a;
        return (_a = this._set2023) !== null && _a !== void 0 ? _a : this._set2023 = new Set(this._raw2023.split(" "));
      }
      get es2024() {
        var _a;
        return (_a = this._set2024) !== null && _a !== void 0 ? _a : this._set2024 = new Set(this._raw2024.split(" "));
      }
      get es2025() {
        var _a;
        return (_a = this._set2025) !== null && _a !== void 0 ? _a : this._set2025 = new Set(this._raw2025.split(" "));
      }
      get es2026() {
        var _a;
        return (_a = this._set2026) !== null && _a !== void 0 ? _a : this._set2026 = new Set(this._raw2026.split(" "));
      }
    };
    var gcNameSet = /* @__PURE__ */ new Set(["General_Category", "gc"]);
    var scNameSet = /* @__PURE__ */ new Set(["Script", "Script_Extensions", "sc", "scx"]);
    var gcValueSets = new DataSet("C Cased_Letter Cc Cf Close_Punctuation Cn Co Combining_Mark Connector_Punctuation Control Cs Currency_Symbol Dash_Punctuation Decimal_Number Enclosing_Mark Final_Punctuation Format Initial_Punctuation L LC Letter Letter_Number Line_Separator Ll Lm Lo Lowercase_Letter Lt Lu M Mark Math_Symbol Mc Me Mn Modifier_Letter Modifier_Symbol N Nd Nl No Nonspacing_Mark Number Open_Punctuation Other Other_Letter Other_Number Other_Punctuation Other_Symbol P Paragraph_Separator Pc Pd Pe Pf Pi Po Private_Use Ps Punctuation S Sc Separator Sk Sm So Space_Separator Spacing_Mark Surrogate Symbol Titlecase_Letter Unassigned Uppercase_Letter Z Zl Zp Zs cntrl digit punct", "", "", "", "", "", "", "", "");
    var scValueSets = new DataSet("Adlam Adlm Aghb Ahom Anatolian_Hieroglyphs Arab Arabic Armenian Armi Armn Avestan Avst Bali Balinese Bamu Bamum Bass Bassa_Vah Batak Batk Beng Bengali Bhaiksuki Bhks Bopo Bopomofo Brah Brahmi Brai Braille Bugi Buginese Buhd Buhid Cakm Canadian_Aboriginal Cans Cari Carian Caucasian_Albanian Chakma Cham Cher Cherokee Common Copt Coptic Cprt Cuneiform Cypriot Cyrillic Cyrl Deseret Deva Devanagari Dsrt Dupl Duployan Egyp Egyptian_Hieroglyphs Elba Elbasan Ethi Ethiopic Geor Georgian Glag Glagolitic Gonm Goth Gothic Gran Grantha Greek Grek Gujarati Gujr Gurmukhi Guru Han Hang Hangul Hani Hano Hanunoo Hatr Hatran Hebr Hebrew Hira Hiragana Hluw Hmng Hung Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Ital Java Javanese Kaithi Kali Kana Kannada Katakana Kayah_Li Khar Kharoshthi Khmer Khmr Khoj Khojki Khudawadi Knda Kthi Lana Lao Laoo Latin Latn Lepc Lepcha Limb Limbu Lina Linb Linear_A Linear_B Lisu Lyci Lycian Lydi Lydian Mahajani Mahj Malayalam Mand Mandaic Mani Manichaean Marc Marchen Masaram_Gondi Meetei_Mayek Mend Mende_Kikakui Merc Mero Meroitic_Cursive Meroitic_Hieroglyphs Miao Mlym Modi Mong Mongolian Mro Mroo Mtei Mult Multani Myanmar Mymr Nabataean Narb Nbat New_Tai_Lue Newa Nko Nkoo Nshu Nushu Ogam Ogham Ol_Chiki Olck Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_South_Arabian Old_Turkic Oriya Orkh Orya Osage Osge Osma Osmanya Pahawh_Hmong Palm Palmyrene Pau_Cin_Hau Pauc Perm Phag Phags_Pa Phli Phlp Phnx Phoenician Plrd Prti Psalter_Pahlavi Qaac Qaai Rejang Rjng Runic Runr Samaritan Samr Sarb Saur Saurashtra Sgnw Sharada Shavian Shaw Shrd Sidd Siddham SignWriting Sind Sinh Sinhala Sora Sora_Sompeng Soyo Soyombo Sund Sundanese Sylo Syloti_Nagri Syrc Syriac Tagalog Tagb Tagbanwa Tai_Le Tai_Tham Tai_Viet Takr Takri Tale Talu Tamil Taml Tang Tangut Tavt Telu Telugu Tfng Tglg Thaa Thaana Thai Tibetan Tibt Tifinagh Tirh Tirhuta Ugar Ugaritic Vai Vaii Wara Warang_Citi Xpeo Xsux Yi Yiii Zanabazar_Square Zanb Zinh Zyyy", "Dogr Dogra Gong Gunjala_Gondi Hanifi_Rohingya Maka Makasar Medefaidrin Medf Old_Sogdian Rohg Sogd Sogdian Sogo", "Elym Elymaic Hmnp Nand Nandinagari Nyiakeng_Puachue_Hmong Wancho Wcho", "Chorasmian Chrs Diak Dives_Akuru Khitan_Small_Script Kits Yezi Yezidi", "Cpmn Cypro_Minoan Old_Uyghur Ougr Tangsa Tnsa Toto Vith Vithkuqi", "Berf Beria_Erfe Gara Garay Gukh Gurung_Khema Hrkt Jurc Jurchen Katakana_Or_Hiragana Kawi Kirat_Rai Krai Nag_Mundari Nagm Ol_Onal Onao Pcun Proto_Cuneiform Seal Sidetic Sidt Sunu Sunuwar Tai_Yo Tayo Todhri Todr Tolong_Siki Tols Tulu_Tigalari Tutg Unknown Zzzz", "", "", "");
    var binPropertySets = new DataSet("AHex ASCII ASCII_Hex_Digit Alpha Alphabetic Any Assigned Bidi_C Bidi_Control Bidi_M Bidi_Mirrored CI CWCF CWCM CWKCF CWL CWT CWU Case_Ignorable Cased Changes_When_Casefolded Changes_When_Casemapped Changes_When_Lowercased Changes_When_NFKC_Casefolded Changes_When_Titlecased Changes_When_Uppercased DI Dash Default_Ignorable_Code_Point Dep Deprecated Dia Diacritic Emoji Emoji_Component Emoji_Modifier Emoji_Modifier_Base Emoji_Presentation Ext Extender Gr_Base Gr_Ext Grapheme_Base Grapheme_Extend Hex Hex_Digit IDC IDS IDSB IDST IDS_Binary_Operator IDS_Trinary_Operator ID_Continue ID_Start Ideo Ideographic Join_C Join_Control LOE Logical_Order_Exception Lower Lowercase Math NChar Noncharacter_Code_Point Pat_Syn Pat_WS Pattern_Syntax Pattern_White_Space QMark Quotation_Mark RI Radical Regional_Indicator SD STerm Sentence_Terminal Soft_Dotted Term Terminal_Punctuation UIdeo Unified_Ideograph Upper Uppercase VS Variation_Selector White_Space XIDC XIDS XID_Continue XID_Start space", "Extended_Pictographic", "", "EBase EComp EMod EPres ExtPict", "", "", "", "", "");
    var binPropertyOfStringsSets = new DataSet("", "", "", "", "", "", "Basic_Emoji Emoji_Keycap_Sequence RGI_Emoji RGI_Emoji_Flag_Sequence RGI_Emoji_Modifier_Sequence RGI_Emoji_Tag_Sequence RGI_Emoji_ZWJ_Sequence", "", "");
    function isValidUnicodeProperty(version, name, value) {
      if (gcNameSet.has(name)) {
        return version >= 2018 && gcValueSets.es2018.has(value);
      }
      if (scNameSet.has(name)) {
        return version >= 2018 && scValueSets.es2018.has(value) || version >= 2019 && scValueSets.es2019.has(value) || version >= 2020 && scValueSets.es2020.has(value) || version >= 2021 && scValueSets.es2021.has(value) || version >= 2022 && scValueSets.es2022.has(value) || version >= 2023 && scValueSets.es2023.has(value);
      }
      return false;
    }
    function isValidLoneUnicodeProperty(version, value) {
      return version >= 2018 && binPropertySets.es2018.has(value) || version >= 2019 && binPropertySets.es2019.has(value) || version >= 2021 && binPropertySets.es2021.has(value);
    }
    function isValidLoneUnicodePropertyOfString(version, value) {
      return version >= 2024 && binPropertyOfStringsSets.es2024.has(value);
    }
    var BACKSPACE = 8;
    var CHARACTER_TABULATION = 9;
    var LINE_FEED = 10;
    var LINE_TABULATION = 11;
    var FORM_FEED = 12;
    var CARRIAGE_RETURN = 13;
    var EXCLAMATION_MARK = 33;
    var NUMBER_SIGN = 35;
    var DOLLAR_SIGN = 36;
    var PERCENT_SIGN = 37;
    var AMPERSAND = 38;
    var LEFT_PARENTHESIS = 40;
    var RIGHT_PARENTHESIS = 41;
    var ASTERISK = 42;
    var PLUS_SIGN = 43;
    var COMMA = 44;
    var HYPHEN_MINUS = 45;
    var FULL_STOP = 46;
    var SOLIDUS = 47;
    var DIGIT_ZERO = 48;
    var DIGIT_ONE = 49;
    var DIGIT_SEVEN = 55;
    var DIGIT_NINE = 57;
    var COLON = 58;
    var SEMICOLON = 59;
    var LESS_THAN_SIGN = 60;
    var EQUALS_SIGN = 61;
    var GREATER_THAN_SIGN = 62;
    var QUESTION_MARK = 63;
    var COMMERCIAL_AT = 64;
    var LATIN_CAPITAL_LETTER_A = 65;
    var LATIN_CAPITAL_LETTER_B = 66;
    var LATIN_CAPITAL_LETTER_D = 68;
    var LATIN_CAPITAL_LETTER_F = 70;
    var LATIN_CAPITAL_LETTER_P = 80;
    var LATIN_CAPITAL_LETTER_S = 83;
    var LATIN_CAPITAL_LETTER_W = 87;
    var LATIN_CAPITAL_LETTER_Z = 90;
    var LOW_LINE = 95;
    var LATIN_SMALL_LETTER_A = 97;
    var LATIN_SMALL_LETTER_B = 98;
    var LATIN_SMALL_LETTER_C = 99;
    var LATIN_SMALL_LETTER_D = 100;
    var LATIN_SMALL_LETTER_F = 102;
    var LATIN_SMALL_LETTER_G = 103;
    var LATIN_SMALL_LETTER_I = 105;
    var LATIN_SMALL_LETTER_K = 107;
    var LATIN_SMALL_LETTER_M = 109;
    var LATIN_SMALL_LETTER_N = 110;
    var LATIN_SMALL_LETTER_P = 112;
    var LATIN_SMALL_LETTER_Q = 113;
    var LATIN_SMALL_LETTER_R = 114;
    var LATIN_SMALL_LETTER_S = 115;
    var LATIN_SMALL_LETTER_T = 116;
    var LATIN_SMALL_LETTER_U = 117;
    var LATIN_SMALL_LETTER_V = 118;
    var LATIN_SMALL_LETTER_W = 119;
    var LATIN_SMALL_LETTER_X = 120;
    var LATIN_SMALL_LETTER_Y = 121;
    var LATIN_SMALL_LETTER_Z = 122;
    var LEFT_SQUARE_BRACKET = 91;
    var REVERSE_SOLIDUS = 92;
    var RIGHT_SQUARE_BRACKET = 93;
    var CIRCUMFLEX_ACCENT = 94;
    var GRAVE_ACCENT = 96;
    var LEFT_CURLY_BRACKET = 123;
    var VERTICAL_LINE = 124;
    var RIGHT_CURLY_BRACKET = 125;
    var TILDE = 126;
    var ZERO_WIDTH_NON_JOINER = 8204;
    var ZERO_WIDTH_JOINER = 8205;
    var LINE_SEPARATOR = 8232;
    var PARAGRAPH_SEPARATOR = 8233;
    var MIN_CODE_POINT = 0;
    var MAX_CODE_POINT = 1114111;
    function isLatinLetter(code) {
      return code >= LATIN_CAPITAL_LETTER_A && code <= LATIN_CAPITAL_LETTER_Z || code >= LATIN_SMALL_LETTER_A && code <= LATIN_SMALL_LETTER_Z;
    }
    function isDecimalDigit(code) {
      return code >= DIGIT_ZERO && code <= DIGIT_NINE;
    }
    function isOctalDigit(code) {
      return code >= DIGIT_ZERO && code <= DIGIT_SEVEN;
    }
    function isHexDigit(code) {
      return code >= DIGIT_ZERO && code <= DIGIT_NINE || code >= LATIN_CAPITAL_LETTER_A && code <= LATIN_CAPITAL_LETTER_F || code >= LATIN_SMALL_LETTER_A && code <= LATIN_SMALL_LETTER_F;
    }
    function isLineTerminator(code) {
      return code === LINE_FEED || code === CARRIAGE_RETURN || code === LINE_SEPARATOR || code === PARAGRAPH_SEPARATOR;
    }
    function isValidUnicode(code) {
      return code >= MIN_CODE_POINT && code <= MAX_CODE_POINT;
    }
    function digitToInt(code) {
      if (code >= LATIN_SMALL_LETTER_A && code <= LATIN_SMALL_LETTER_F) {
        return code - LATIN_SMALL_LETTER_A + 10;
      }
      if (code >= LATIN_CAPITAL_LETTER_A && code <= LATIN_CAPITAL_LETTER_F) {
        return code - LATIN_CAPITAL_LETTER_A + 10;
      }
      return code - DIGIT_ZERO;
    }
    function isLeadSurrogate(code) {
      return code >= 55296 && code <= 56319;
    }
    function isTrailSurrogate(code) {
      return code >= 56320 && code <= 57343;
    }
    function combineSurrogatePair(lead, trail) {
      return (lead - 55296) * 1024 + (trail - 56320) + 65536;
    }
    var GroupSpecifiersAsES2018 = class {
      constructor() {
        this.groupName = /* @__PURE__ */ new Set();
      }
      clear() {
        this.groupName.clear();
      }
      isEmpty() {
        return !this.groupName.size;
      }
      hasInPattern(name) {
        return this.groupName.has(name);
      }
      hasInScope(name) {
        return this.hasInPattern(name);
      }
      addToScope(name) {
        this.groupName.add(name);
      }
      enterDisjunction() {
      }
      enterAlternative() {
      }
      leaveDisjunction() {
      }
    };
    var BranchID = class _BranchID {
      constructor(parent, base) {
        this.parent = parent;
        this.base = base !== null && base !== void 0 ? base : this;
      }
      separatedFrom(other) {
        var _a, _b;
        if (this.base === other.base && this !== other) {
          return true;
        }
        if (other.parent && this.separatedFrom(other.parent)) {
          return true;
        }
        return (_b = (_a = this.parent) === null || _a === void 0 ? void 0 : _a.separatedFrom(other)) !== null && _b !== void 0 ? _b : false;
      }
      child() {
        return new _BranchID(this, null);
      }
      sibling() {
        return new _BranchID(this.parent, this.base);
      }
    };
    var GroupSpecifiersAsES2025 = class {
      constructor() {
        this.branchID = new BranchID(null, null);
        this.groupNames = /* @__PURE__ */ new Map();
      }
      clear() {
        this.branchID = new BranchID(null, null);
        this.groupNames.clear();
      }
      isEmpty() {
        return !this.groupNames.size;
      }
      enterDisjunction() {
        this.branchID = this.branchID.child();
      }
      enterAlternative(index) {
        if (index === 0) {
          return;
        }
        this.branchID = this.branchID.sibling();
      }
      leaveDisjunction() {
        this.branchID = this.branchID.parent;
      }
      hasInPattern(name) {
        return this.groupNames.has(name);
      }
      hasInScope(name) {
        const branches = this.groupNames.get(name);
        if (!branches) {
          return false;
        }
        for (const branch of branches) {
          if (!branch.separatedFrom(this.branchID)) {
            return true;
          }
        }
        return false;
      }
      addToScope(name) {
        const branches = this.groupNames.get(name);
        if (branches) {
          branches.push(this.branchID);
          return;
        }
        this.groupNames.set(name, [this.branchID]);
      }
    };
    var legacyImpl = {
      at(s, end, i) {
        return i < end ? s.charCodeAt(i) : -1;
      },
      width(c) {
        return 1;
      }
    };
    var unicodeImpl = {
      at(s, end, i) {
        return i < end ? s.codePointAt(i) : -1;
      },
      width(c) {
        return c > 65535 ? 2 : 1;
      }
    };
    var Reader = class {
      constructor() {
        this._impl = legacyImpl;
        this._s = "";
        this._i = 0;
        this._end = 0;
        this._cp1 = -1;
        this._w1 = 1;
        this._cp2 = -1;
        this._w2 = 1;
        this._cp3 = -1;
        this._w3 = 1;
        this._cp4 = -1;
      }
      get source() {
        return this._s;
      }
      get index() {
        return this._i;
      }
      get currentCodePoint() {
        return this._cp1;
      }
      get nextCodePoint() {
        return this._cp2;
      }
      get nextCodePoint2() {
        return this._cp3;
      }
      get nextCodePoint3() {
        return this._cp4;
      }
      reset(source, start, end, uFlag) {
        this._impl = uFlag ? unicodeImpl : legacyImpl;
        this._s = source;
        this._end = end;
        this.rewind(start);
      }
      rewind(index) {
        const impl = this._impl;
        this._i = index;
        this._cp1 = impl.at(this._s, this._end, index);
        this._w1 = impl.width(this._cp1);
        this._cp2 = impl.at(this._s, this._end, index + this._w1);
        this._w2 = impl.width(this._cp2);
        this._cp3 = impl.at(this._s, this._end, index + this._w1 + this._w2);
        this._w3 = impl.width(this._cp3);
        this._cp4 = impl.at(this._s, this._end, index + this._w1 + this._w2 + this._w3);
      }
      advance() {
        if (this._cp1 !== -1) {
          const impl = this._impl;
          this._i += this._w1;
          this._cp1 = this._cp2;
          this._w1 = this._w2;
          this._cp2 = this._cp3;
          this._w2 = impl.width(this._cp2);
          this._cp3 = this._cp4;
          this._w3 = impl.width(this._cp3);
          this._cp4 = impl.at(this._s, this._end, this._i + this._w1 + this._w2 + this._w3);
        }
      }
      eat(cp) {
        if (this._cp1 === cp) {
          this.advance();
          return true;
        }
        return false;
      }
      eat2(cp1, cp2) {
        if (this._cp1 === cp1 && this._cp2 === cp2) {
          this.advance();
          this.advance();
          return true;
        }
        return false;
      }
      eat3(cp1, cp2, cp3) {
        if (this._cp1 === cp1 && this._cp2 === cp2 && this._cp3 === cp3) {
          this.advance();
          this.advance();
          this.advance();
          return true;
        }
        return false;
      }
    };
    var RegExpSyntaxError = class extends SyntaxError {
      constructor(message, index) {
        super(message);
        this.index = index;
      }
    };
    function newRegExpSyntaxError(srcCtx, flags, index, message) {
      let source = "";
      if (srcCtx.kind === "literal") {
        const literal = srcCtx.source.slice(srcCtx.start, srcCtx.end);
        if (literal) {
          source = `: ${literal}`;
        }
      } else if (srcCtx.kind === "pattern") {
        const pattern = srcCtx.source.slice(srcCtx.start, srcCtx.end);
        const flagsText = `${flags.unicode ? "u" : ""}${flags.unicodeSets ? "v" : ""}`;
        source = `: /${pattern}/${flagsText}`;
      }
      return new RegExpSyntaxError(`Invalid regular expression${source}: ${message}`, index);
    }
    var SYNTAX_CHARACTER = /* @__PURE__ */ new Set([
      CIRCUMFLEX_ACCENT,
      DOLLAR_SIGN,
      REVERSE_SOLIDUS,
      FULL_STOP,
      ASTERISK,
      PLUS_SIGN,
      QUESTION_MARK,
      LEFT_PARENTHESIS,
      RIGHT_PARENTHESIS,
      LEFT_SQUARE_BRACKET,
      RIGHT_SQUARE_BRACKET,
      LEFT_CURLY_BRACKET,
      RIGHT_CURLY_BRACKET,
      VERTICAL_LINE
    ]);
    var CLASS_SET_RESERVED_DOUBLE_PUNCTUATOR_CHARACTER = /* @__PURE__ */ new Set([
      AMPERSAND,
      EXCLAMATION_MARK,
      NUMBER_SIGN,
      DOLLAR_SIGN,
      PERCENT_SIGN,
      ASTERISK,
      PLUS_SIGN,
      COMMA,
      FULL_STOP,
      COLON,
      SEMICOLON,
      LESS_THAN_SIGN,
      EQUALS_SIGN,
      GREATER_THAN_SIGN,
      QUESTION_MARK,
      COMMERCIAL_AT,
      CIRCUMFLEX_ACCENT,
      GRAVE_ACCENT,
      TILDE
    ]);
    var CLASS_SET_SYNTAX_CHARACTER = /* @__PURE__ */ new Set([
      LEFT_PARENTHESIS,
      RIGHT_PARENTHESIS,
      LEFT_SQUARE_BRACKET,
      RIGHT_SQUARE_BRACKET,
      LEFT_CURLY_BRACKET,
      RIGHT_CURLY_BRACKET,
      SOLIDUS,
      HYPHEN_MINUS,
      REVERSE_SOLIDUS,
      VERTICAL_LINE
    ]);
    var CLASS_SET_RESERVED_PUNCTUATOR = /* @__PURE__ */ new Set([
      AMPERSAND,
      HYPHEN_MINUS,
      EXCLAMATION_MARK,
      NUMBER_SIGN,
      PERCENT_SIGN,
      COMMA,
      COLON,
      SEMICOLON,
      LESS_THAN_SIGN,
      EQUALS_SIGN,
      GREATER_THAN_SIGN,
      COMMERCIAL_AT,
      GRAVE_ACCENT,
      TILDE
    ]);
    var FLAG_PROP_TO_CODEPOINT = {
      global: LATIN_SMALL_LETTER_G,
      ignoreCase: LATIN_SMALL_LETTER_I,
      multiline: LATIN_SMALL_LETTER_M,
      unicode: LATIN_SMALL_LETTER_U,
      sticky: LATIN_SMALL_LETTER_Y,
      dotAll: LATIN_SMALL_LETTER_S,
      hasIndices: LATIN_SMALL_LETTER_D,
      unicodeSets: LATIN_SMALL_LETTER_V
    };
    var FLAG_CODEPOINT_TO_PROP = Object.fromEntries(Object.entries(FLAG_PROP_TO_CODEPOINT).map(([k, v]) => [v, k]));
    function isSyntaxCharacter(cp) {
      return SYNTAX_CHARACTER.has(cp);
    }
    function isClassSetReservedDoublePunctuatorCharacter(cp) {
      return CLASS_SET_RESERVED_DOUBLE_PUNCTUATOR_CHARACTER.has(cp);
    }
    function isClassSetSyntaxCharacter(cp) {
      return CLASS_SET_SYNTAX_CHARACTER.has(cp);
    }
    function isClassSetReservedPunctuator(cp) {
      return CLASS_SET_RESERVED_PUNCTUATOR.has(cp);
    }
    function isIdentifierStartChar(cp) {
      return isIdStart(cp) || cp === DOLLAR_SIGN || cp === LOW_LINE;
    }
    function isIdentifierPartChar(cp) {
      return isIdContinue(cp) || cp === DOLLAR_SIGN || cp === ZERO_WIDTH_NON_JOINER || cp === ZERO_WIDTH_JOINER;
    }
    function isUnicodePropertyNameCharacter(cp) {
      return isLatinLetter(cp) || cp === LOW_LINE;
    }
    function isUnicodePropertyValueCharacter(cp) {
      return isUnicodePropertyNameCharacter(cp) || isDecimalDigit(cp);
    }
    function isRegularExpressionModifier(ch) {
      return ch === LATIN_SMALL_LETTER_I || ch === LATIN_SMALL_LETTER_M || ch === LATIN_SMALL_LETTER_S;
    }
    var RegExpValidator = class {
      constructor(options) {
        this._reader = new Reader();
        this._unicodeMode = false;
        this._unicodeSetsMode = false;
        this._nFlag = false;
        this._lastIntValue = 0;
        this._lastRange = {
          min: 0,
          max: Number.POSITIVE_INFINITY
        };
        this._lastStrValue = "";
        this._lastAssertionIsQuantifiable = false;
        this._numCapturingParens = 0;
        this._backreferenceNames = /* @__PURE__ */ new Set();
        this._srcCtx = null;
        this._options = options !== null && options !== void 0 ? options : {};
        this._groupSpecifiers = this.ecmaVersion >= 2025 ? new GroupSpecifiersAsES2025() : new GroupSpecifiersAsES2018();
      }
      validateLiteral(source, start = 0, end = source.length) {
        this._srcCtx = { source, start, end, kind: "literal" };
        this._unicodeSetsMode = this._unicodeMode = this._nFlag = false;
        this.reset(source, start, end);
        this.onLiteralEnter(start);
        if (this.eat(SOLIDUS) && this.eatRegExpBody() && this.eat(SOLIDUS)) {
          const flagStart = this.index;
          const unicode = source.includes("u", flagStart);
          const unicodeSets = source.includes("v", flagStart);
          this.validateFlagsInternal(source, flagStart, end);
          this.validatePatternInternal(source, start + 1, flagStart - 1, {
            unicode,
            unicodeSets
          });
        } else if (start >= end) {
          this.raise("Empty");
        } else {
          const c = String.fromCodePoint(this.currentCodePoint);
          this.raise(`Unexpected character '${c}'`);
        }
        this.onLiteralLeave(start, end);
      }
      validateFlags(source, start = 0, end = source.length) {
        this._srcCtx = { source, start, end, kind: "flags" };
        this.validateFlagsInternal(source, start, end);
      }
      validatePattern(source, start = 0, end = source.length, uFlagOrFlags = void 0) {
        this._srcCtx = { source, start, end, kind: "pattern" };
        this.validatePatternInternal(source, start, end, uFlagOrFlags);
      }
      validatePatternInternal(source, start = 0, end = source.length, uFlagOrFlags = void 0) {
        const mode = this._parseFlagsOptionToMode(uFlagOrFlags, end);
        this._unicodeMode = mode.unicodeMode;
        this._nFlag = mode.nFlag;
        this._unicodeSetsMode = mode.unicodeSetsMode;
        this.reset(source, start, end);
        this.consumePattern();
        if (!this._nFlag && this.ecmaVersion >= 2018 && !this._groupSpecifiers.isEmpty()) {
          this._nFlag = true;
          this.rewind(start);
          this.consumePattern();
        }
      }
      validateFlagsInternal(source, start, end) {
        const flags = this.parseFlags(source, start, end);
        this.onRegExpFlags(start, end, flags);
      }
      _parseFlagsOptionToMode(uFlagOrFlags, sourceEnd) {
        let unicode = false;
        let unicodeSets = false;
        if (uFlagOrFlags && this.ecmaVersion >= 2015) {
          if (typeof uFlagOrFlags === "object") {
            unicode = Boolean(uFlagOrFlags.unicode);
            if (this.ecmaVersion >= 2024) {
              unicodeSets = Boolean(uFlagOrFlags.unicodeSets);
            }
          } else {
            unicode = uFlagOrFlags;
          }
        }
        if (unicode && unicodeSets) {
          this.raise("Invalid regular expression flags", {
            index: sourceEnd + 1,
            unicode,
            unicodeSets
          });
        }
        const unicodeMode = unicode || unicodeSets;
        const nFlag = unicode && this.ecmaVersion >= 2018 || unicodeSets || Boolean(this._options.strict && this.ecmaVersion >= 2023);
        const unicodeSetsMode = unicodeSets;
        return { unicodeMode, nFlag, unicodeSetsMode };
      }
      get strict() {
        return Boolean(this._options.strict) || this._unicodeMode;
      }
      get ecmaVersion() {
        var _a;
        return (_a = this._options.ecmaVersion) !== null && _a !== void 0 ? _a : latestEcmaVersion;
      }
      onLiteralEnter(start) {
        if (this._options.onLiteralEnter) {
          this._options.onLiteralEnter(start);
        }
      }
      onLiteralLeave(start, end) {
        if (this._options.onLiteralLeave) {
          this._options.onLiteralLeave(start, end);
        }
      }
      onRegExpFlags(start, end, flags) {
        if (this._options.onRegExpFlags) {
          this._options.onRegExpFlags(start, end, flags);
        }
        if (this._options.onFlags) {
          this._options.onFlags(start, end, flags.global, flags.ignoreCase, flags.multiline, flags.unicode, flags.sticky, flags.dotAll, flags.hasIndices);
        }
      }
      onPatternEnter(start) {
        if (this._options.onPatternEnter) {
          this._options.onPatternEnter(start);
        }
      }
      onPatternLeave(start, end) {
        if (this._options.onPatternLeave) {
          this._options.onPatternLeave(start, end);
        }
      }
      onDisjunctionEnter(start) {
        if (this._options.onDisjunctionEnter) {
          this._options.onDisjunctionEnter(start);
        }
      }
      onDisjunctionLeave(start, end) {
        if (this._options.onDisjunctionLeave) {
          this._options.onDisjunctionLeave(start, end);
        }
      }
      onAlternativeEnter(start, index) {
        if (this._options.onAlternativeEnter) {
          this._options.onAlternativeEnter(start, index);
        }
      }
      onAlternativeLeave(start, end, index) {
        if (this._options.onAlternativeLeave) {
          this._options.onAlternativeLeave(start, end, index);
        }
      }
      onGroupEnter(start) {
        if (this._options.onGroupEnter) {
          this._options.onGroupEnter(start);
        }
      }
      onGroupLeave(start, end) {
        if (this._options.onGroupLeave) {
          this._options.onGroupLeave(start, end);
        }
      }
      onModifiersEnter(start) {
        if (this._options.onModifiersEnter) {
          this._options.onModifiersEnter(start);
        }
      }
      onModifiersLeave(start, end) {
        if (this._options.onModifiersLeave) {
          this._options.onModifiersLeave(start, end);
        }
      }
      onAddModifiers(start, end, flags) {
        if (this._options.onAddModifiers) {
          this._options.onAddModifiers(start, end, flags);
        }
      }
      onRemoveModifiers(start, end, flags) {
        if (this._options.onRemoveModifiers) {
          this._options.onRemoveModifiers(start, end, flags);
        }
      }
      onCapturingGroupEnter(start, name) {
        if (this._options.onCapturingGroupEnter) {
          this._options.onCapturingGroupEnter(start, name);
        }
      }
      onCapturingGroupLeave(start, end, name) {
        if (this._options.onCapturingGroupLeave) {
          this._options.onCapturingGroupLeave(start, end, name);
        }
      }
      onQuantifier(start, end, min, max, greedy) {
        if (this._options.onQuantifier) {
          this._options.onQuantifier(start, end, min, max, greedy);
        }
      }
      onLookaroundAssertionEnter(start, kind, negate) {
        if (this._options.onLookaroundAssertionEnter) {
          this._options.onLookaroundAssertionEnter(start, kind, negate);
        }
      }
      onLookaroundAssertionLeave(start, end, kind, negate) {
        if (this._options.onLookaroundAssertionLeave) {
          this._options.onLookaroundAssertionLeave(start, end, kind, negate);
        }
      }
      onEdgeAssertion(start, end, kind) {
        if (this._options.onEdgeAssertion) {
          this._options.onEdgeAssertion(start, end, kind);
        }
      }
      onWordBoundaryAssertion(start, end, kind, negate) {
        if (this._options.onWordBoundaryAssertion) {
          this._options.onWordBoundaryAssertion(start, end, kind, negate);
        }
      }
      onAnyCharacterSet(start, end, kind) {
        if (this._options.onAnyCharacterSet) {
          this._options.onAnyCharacterSet(start, end, kind);
        }
      }
      onEscapeCharacterSet(start, end, kind, negate) {
        if (this._options.onEscapeCharacterSet) {
          this._options.onEscapeCharacterSet(start, end, kind, negate);
        }
      }
      onUnicodePropertyCharacterSet(start, end, kind, key, value, negate, strings) {
        if (this._options.onUnicodePropertyCharacterSet) {
          this._options.onUnicodePropertyCharacterSet(start, end, kind, key, value, negate, strings);
        }
      }
      onCharacter(start, end, value) {
        if (this._options.onCharacter) {
          this._options.onCharacter(start, end, value);
        }
      }
      onBackreference(start, end, ref) {
        if (this._options.onBackreference) {
          this._options.onBackreference(start, end, ref);
        }
      }
      onCharacterClassEnter(start, negate, unicodeSets) {
        if (this._options.onCharacterClassEnter) {
          this._options.onCharacterClassEnter(start, negate, unicodeSets);
        }
      }
      onCharacterClassLeave(start, end, negate) {
        if (this._options.onCharacterClassLeave) {
          this._options.onCharacterClassLeave(start, end, negate);
        }
      }
      onCharacterClassRange(start, end, min, max) {
        if (this._options.onCharacterClassRange) {
          this._options.onCharacterClassRange(start, end, min, max);
        }
      }
      onClassIntersection(start, end) {
        if (this._options.onClassIntersection) {
          this._options.onClassIntersection(start, end);
        }
      }
      onClassSubtraction(start, end) {
        if (this._options.onClassSubtraction) {
          this._options.onClassSubtraction(start, end);
        }
      }
      onClassStringDisjunctionEnter(start) {
        if (this._options.onClassStringDisjunctionEnter) {
          this._options.onClassStringDisjunctionEnter(start);
        }
      }
      onClassStringDisjunctionLeave(start, end) {
        if (this._options.onClassStringDisjunctionLeave) {
          this._options.onClassStringDisjunctionLeave(start, end);
        }
      }
      onStringAlternativeEnter(start, index) {
        if (this._options.onStringAlternativeEnter) {
          this._options.onStringAlternativeEnter(start, index);
        }
      }
      onStringAlternativeLeave(start, end, index) {
        if (this._options.onStringAlternativeLeave) {
          this._options.onStringAlternativeLeave(start, end, index);
        }
      }
      get index() {
        return this._reader.index;
      }
      get currentCodePoint() {
        return this._reader.currentCodePoint;
      }
      get nextCodePoint() {
        return this._reader.nextCodePoint;
      }
      get nextCodePoint2() {
        return this._reader.nextCodePoint2;
      }
      get nextCodePoint3() {
        return this._reader.nextCodePoint3;
      }
      reset(source, start, end) {
        this._reader.reset(source, start, end, this._unicodeMode);
      }
      rewind(index) {
        this._reader.rewind(index);
      }
      advance() {
        this._reader.advance();
      }
      eat(cp) {
        return this._reader.eat(cp);
      }
      eat2(cp1, cp2) {
        return this._reader.eat2(cp1, cp2);
      }
      eat3(cp1, cp2, cp3) {
        return this._reader.eat3(cp1, cp2, cp3);
      }
      raise(message, context) {
        var _a, _b, _c;
        throw newRegExpSyntaxError(this._srcCtx, {
          unicode: (_a = context === null || context === void 0 ? void 0 : context.unicode) !== null && _a !== void 0 ? _a : this._unicodeMode && !this._unicodeSetsMode,
          unicodeSets: (_b = context === null || context === void 0 ? void 0 : context.unicodeSets) !== null && _b !== void 0 ? _b : this._unicodeSetsMode
        }, (_c = context === null || context === void 0 ? void 0 : context.index) !== null && _c !== void 0 ? _c : this.index, message);
      }
      eatRegExpBody() {
        const start = this.index;
        let inClass = false;
        let escaped = false;
        for (; ; ) {
          const cp = this.currentCodePoint;
          if (cp === -1 || isLineTerminator(cp)) {
            const kind = inClass ? "character class" : "regular expression";
            this.raise(`Unterminated ${kind}`);
          }
          if (escaped) {
            escaped = false;
          } else if (cp === REVERSE_SOLIDUS) {
            escaped = true;
          } else if (cp === LEFT_SQUARE_BRACKET) {
            inClass = true;
          } else if (cp === RIGHT_SQUARE_BRACKET) {
            inClass = false;
          } else if (cp === SOLIDUS && !inClass || cp === ASTERISK && this.index === start) {
            break;
          }
          this.advance();
        }
        return this.index !== start;
      }
      consumePattern() {
        const start = this.index;
        this._numCapturingParens = this.countCapturingParens();
        this._groupSpecifiers.clear();
        this._backreferenceNames.clear();
        this.onPatternEnter(start);
        this.consumeDisjunction();
        const cp = this.currentCodePoint;
        if (this.currentCodePoint !== -1) {
          if (cp === RIGHT_PARENTHESIS) {
            this.raise("Unmatched ')'");
          }
          if (cp === REVERSE_SOLIDUS) {
            this.raise("\\ at end of pattern");
          }
          if (cp === RIGHT_SQUARE_BRACKET || cp === RIGHT_CURLY_BRACKET) {
            this.raise("Lone quantifier brackets");
          }
          const c = String.fromCodePoint(cp);
          this.raise(`Unexpected character '${c}'`);
        }
        for (const name of this._backreferenceNames) {
          if (!this._groupSpecifiers.hasInPattern(name)) {
            this.raise("Invalid named capture referenced");
          }
        }
        this.onPatternLeave(start, this.index);
      }
      countCapturingParens() {
        const start = this.index;
        let inClass = false;
        let escaped = false;
        let count = 0;
        let cp = 0;
        while ((cp = this.currentCodePoint) !== -1) {
          if (escaped) {
            escaped = false;
          } else if (cp === REVERSE_SOLIDUS) {
            escaped = true;
          } else if (cp === LEFT_SQUARE_BRACKET) {
            inClass = true;
          } else if (cp === RIGHT_SQUARE_BRACKET) {
            inClass = false;
          } else if (cp === LEFT_PARENTHESIS && !inClass && (this.nextCodePoint !== QUESTION_MARK || this.nextCodePoint2 === LESS_THAN_SIGN && this.nextCodePoint3 !== EQUALS_SIGN && this.nextCodePoint3 !== EXCLAMATION_MARK)) {
            count += 1;
          }
          this.advance();
        }
        this.rewind(start);
        return count;
      }
      consumeDisjunction() {
        const start = this.index;
        let i = 0;
        this._groupSpecifiers.enterDisjunction();
        this.onDisjunctionEnter(start);
        do {
          this.consumeAlternative(i++);
        } while (this.eat(VERTICAL_LINE));
        if (this.consumeQuantifier(true)) {
          this.raise("Nothing to repeat");
        }
        if (this.eat(LEFT_CURLY_BRACKET)) {
          this.raise("Lone quantifier brackets");
        }
        this.onDisjunctionLeave(start, this.index);
        this._groupSpecifiers.leaveDisjunction();
      }
      consumeAlternative(i) {
        const start = this.index;
        this._groupSpecifiers.enterAlternative(i);
        this.onAlternativeEnter(start, i);
        while (this.currentCodePoint !== -1 && this.consumeTerm()) {
        }
        this.onAlternativeLeave(start, this.index, i);
      }
      consumeTerm() {
        if (this._unicodeMode || this.strict) {
          return this.consumeAssertion() || this.consumeAtom() && this.consumeOptionalQuantifier();
        }
        return this.consumeAssertion() && (!this._lastAssertionIsQuantifiable || this.consumeOptionalQuantifier()) || this.consumeExtendedAtom() && this.consumeOptionalQuantifier();
      }
      consumeOptionalQuantifier() {
        this.consumeQuantifier();
        return true;
      }
      consumeAssertion() {
        const start = this.index;
        this._lastAssertionIsQuantifiable = false;
        if (this.eat(CIRCUMFLEX_ACCENT)) {
          this.onEdgeAssertion(start, this.index, "start");
          return true;
        }
        if (this.eat(DOLLAR_SIGN)) {
          this.onEdgeAssertion(start, this.index, "end");
          return true;
        }
        if (this.eat2(REVERSE_SOLIDUS, LATIN_CAPITAL_LETTER_B)) {
          this.onWordBoundaryAssertion(start, this.index, "word", true);
          return true;
        }
        if (this.eat2(REVERSE_SOLIDUS, LATIN_SMALL_LETTER_B)) {
          this.onWordBoundaryAssertion(start, this.index, "word", false);
          return true;
        }
        if (this.eat2(LEFT_PARENTHESIS, QUESTION_MARK)) {
          const lookbehind = this.ecmaVersion >= 2018 && this.eat(LESS_THAN_SIGN);
          let negate = false;
          if (this.eat(EQUALS_SIGN) || (negate = this.eat(EXCLAMATION_MARK))) {
            const kind = lookbehind ? "lookbehind" : "lookahead";
            this.onLookaroundAssertionEnter(start, kind, negate);
            this.consumeDisjunction();
            if (!this.eat(RIGHT_PARENTHESIS)) {
              this.raise("Unterminated group");
            }
            this._lastAssertionIsQuantifiable = !lookbehind && !this.strict;
            this.onLookaroundAssertionLeave(start, this.index, kind, negate);
            return true;
          }
          this.rewind(start);
        }
        return false;
      }
      consumeQuantifier(noConsume = false) {
        const start = this.index;
        let min = 0;
        let max = 0;
        let greedy = false;
        if (this.eat(ASTERISK)) {
          min = 0;
          max = Number.POSITIVE_INFINITY;
        } else if (this.eat(PLUS_SIGN)) {
          min = 1;
          max = Number.POSITIVE_INFINITY;
        } else if (this.eat(QUESTION_MARK)) {
          min = 0;
          max = 1;
        } else if (this.eatBracedQuantifier(noConsume)) {
          ({ min, max } = this._lastRange);
        } else {
          return false;
        }
        greedy = !this.eat(QUESTION_MARK);
        if (!noConsume) {
          this.onQuantifier(start, this.index, min, max, greedy);
        }
        return true;
      }
      eatBracedQuantifier(noError) {
        const start = this.index;
        if (this.eat(LEFT_CURLY_BRACKET)) {
          if (this.eatDecimalDigits()) {
            const min = this._lastIntValue;
            let max = min;
            if (this.eat(COMMA)) {
              max = this.eatDecimalDigits() ? this._lastIntValue : Number.POSITIVE_INFINITY;
            }
            if (this.eat(RIGHT_CURLY_BRACKET)) {
              if (!noError && max < min) {
                this.raise("numbers out of order in {} quantifier");
              }
              this._lastRange = { min, max };
              return true;
            }
          }
          if (!noError && (this._unicodeMode || this.strict)) {
            this.raise("Incomplete quantifier");
          }
          this.rewind(start);
        }
        return false;
      }
      consumeAtom() {
        return this.consumePatternCharacter() || this.consumeDot() || this.consumeReverseSolidusAtomEscape() || Boolean(this.consumeCharacterClass()) || this.consumeCapturingGroup() || this.consumeUncapturingGroup();
      }
      consumeDot() {
        if (this.eat(FULL_STOP)) {
          this.onAnyCharacterSet(this.index - 1, this.index, "any");
          return true;
        }
        return false;
      }
      consumeReverseSolidusAtomEscape() {
        const start = this.index;
        if (this.eat(REVERSE_SOLIDUS)) {
          if (this.consumeAtomEscape()) {
            return true;
          }
          this.rewind(start);
        }
        return false;
      }
      consumeUncapturingGroup() {
        const start = this.index;
        if (this.eat2(LEFT_PARENTHESIS, QUESTION_MARK)) {
          this.onGroupEnter(start);
          if (this.ecmaVersion >= 2025) {
            this.consumeModifiers();
          }
          if (!this.eat(COLON)) {
            this.rewind(start + 1);
            this.raise("Invalid group");
          }
          this.consumeDisjunction();
          if (!this.eat(RIGHT_PARENTHESIS)) {
            this.raise("Unterminated group");
          }
          this.onGroupLeave(start, this.index);
          return true;
        }
        return false;
      }
      consumeModifiers() {
        const start = this.index;
        const hasAddModifiers = this.eatModifiers();
        const addModifiersEnd = this.index;
        const hasHyphen = this.eat(HYPHEN_MINUS);
        if (!hasAddModifiers && !hasHyphen) {
          return false;
        }
        this.onModifiersEnter(start);
        const addModifiers = this.parseModifiers(start, addModifiersEnd);
        this.onAddModifiers(start, addModifiersEnd, addModifiers);
        if (hasHyphen) {
          const modifiersStart = this.index;
          if (!this.eatModifiers() && !hasAddModifiers && this.currentCodePoint === COLON) {
            this.raise("Invalid empty flags");
          }
          const modifiers = this.parseModifiers(modifiersStart, this.index);
          for (const [flagName] of Object.entries(modifiers).filter(([, enable]) => enable)) {
            if (addModifiers[flagName]) {
              this.raise(`Duplicated flag '${String.fromCodePoint(FLAG_PROP_TO_CODEPOINT[flagName])}'`);
            }
          }
          this.onRemoveModifiers(modifiersStart, this.index, modifiers);
        }
        this.onModifiersLeave(start, this.index);
        return true;
      }
      consumeCapturingGroup() {
        const start = this.index;
        if (this.eat(LEFT_PARENTHESIS)) {
          let name = null;
          if (this.ecmaVersion >= 2018) {
            if (this.consumeGroupSpecifier()) {
              name = this._lastStrValue;
            } else if (this.currentCodePoint === QUESTION_MARK) {
              this.rewind(start);
              return false;
            }
          } else if (this.currentCodePoint === QUESTION_MARK) {
            this.rewind(start);
            return false;
          }
          this.onCapturingGroupEnter(start, name);
          this.consumeDisjunction();
          if (!this.eat(RIGHT_PARENTHESIS)) {
            this.raise("Unterminated group");
          }
          this.onCapturingGroupLeave(start, this.index, name);
          return true;
        }
        return false;
      }
      consumeExtendedAtom() {
        return this.consumeDot() || this.consumeReverseSolidusAtomEscape() || this.consumeReverseSolidusFollowedByC() || Boolean(this.consumeCharacterClass()) || this.consumeCapturingGroup() || this.consumeUncapturingGroup() || this.consumeInvalidBracedQuantifier() || this.consumeExtendedPatternCharacter();
      }
      consumeReverseSolidusFollowedByC() {
        const start = this.index;
        if (this.currentCodePoint === REVERSE_SOLIDUS && this.nextCodePoint === LATIN_SMALL_LETTER_C) {
          this._lastIntValue = this.currentCodePoint;
          this.advance();
          this.onCharacter(start, this.index, REVERSE_SOLIDUS);
          return true;
        }
        return false;
      }
      consumeInvalidBracedQuantifier() {
        if (this.eatBracedQuantifier(true)) {
          this.raise("Nothing to repeat");
        }
        return false;
      }
      consumePatternCharacter() {
        const start = this.index;
        const cp = this.currentCodePoint;
        if (cp !== -1 && !isSyntaxCharacter(cp)) {
          this.advance();
          this.onCharacter(start, this.index, cp);
          return true;
        }
        return false;
      }
      consumeExtendedPatternCharacter() {
        const start = this.index;
        const cp = this.currentCodePoint;
        if (cp !== -1 && cp !== CIRCUMFLEX_ACCENT && cp !== DOLLAR_SIGN && cp !== REVERSE_SOLIDUS && cp !== FULL_STOP && cp !== ASTERISK && cp !== PLUS_SIGN && cp !== QUESTION_MARK && cp !== LEFT_PARENTHESIS && cp !== RIGHT_PARENTHESIS && cp !== LEFT_SQUARE_BRACKET && cp !== VERTICAL_LINE) {
          this.advance();
          this.onCharacter(start, this.index, cp);
          return true;
        }
        return false;
      }
      consumeGroupSpecifier() {
        const start = this.index;
        if (this.eat(QUESTION_MARK)) {
          if (this.eatGroupName()) {
            if (!this._groupSpecifiers.hasInScope(this._lastStrValue)) {
              this._groupSpecifiers.addToScope(this._lastStrValue);
              return true;
            }
            this.raise("Duplicate capture group name");
          }
          this.rewind(start);
        }
        return false;
      }
      consumeAtomEscape() {
        if (this.consumeBackreference() || this.consumeCharacterClassEscape() || this.consumeCharacterEscape() || this._nFlag && this.consumeKGroupName()) {
          return true;
        }
        if (this.strict || this._unicodeMode) {
          this.raise("Invalid escape");
        }
        return false;
      }
      consumeBackreference() {
        const start = this.index;
        if (this.eatDecimalEscape()) {
          const n = this._lastIntValue;
          if (n <= this._numCapturingParens) {
            this.onBackreference(start - 1, this.index, n);
            return true;
          }
          if (this.strict || this._unicodeMode) {
            this.raise("Invalid escape");
          }
          this.rewind(start);
        }
        return false;
      }
      consumeCharacterClassEscape() {
        var _a;
        const start = this.index;
        if (this.eat(LATIN_SMALL_LETTER_D)) {
          this._lastIntValue = -1;
          this.onEscapeCharacterSet(start - 1, this.index, "digit", false);
          return {};
        }
        if (this.eat(LATIN_CAPITAL_LETTER_D)) {
          this._lastIntValue = -1;
          this.onEscapeCharacterSet(start - 1, this.index, "digit", true);
          return {};
        }
        if (this.eat(LATIN_SMALL_LETTER_S)) {
          this._lastIntValue = -1;
          this.onEscapeCharacterSet(start - 1, this.index, "space", false);
          return {};
        }
        if (this.eat(LATIN_CAPITAL_LETTER_S)) {
          this._lastIntValue = -1;
          this.onEscapeCharacterSet(start - 1, this.index, "space", true);
          return {};
        }
        if (this.eat(LATIN_SMALL_LETTER_W)) {
          this._lastIntValue = -1;
          this.onEscapeCharacterSet(start - 1, this.index, "word", false);
          return {};
        }
        if (this.eat(LATIN_CAPITAL_LETTER_W)) {
          this._lastIntValue = -1;
          this.onEscapeCharacterSet(start - 1, this.index, "word", true);
          return {};
        }
        let negate = false;
        if (this._unicodeMode && this.ecmaVersion >= 2018 && (this.eat(LATIN_SMALL_LETTER_P) || (negate = this.eat(LATIN_CAPITAL_LETTER_P)))) {
          this._lastIntValue = -1;
          let result = null;
          if (this.eat(LEFT_CURLY_BRACKET) && (result = this.eatUnicodePropertyValueExpression()) && this.eat(RIGHT_CURLY_BRACKET)) {
            if (negate && result.strings) {
              this.raise("Invalid property name");
            }
            this.onUnicodePropertyCharacterSet(start - 1, this.index, "property", result.key, result.value, negate, (_a = result.strings) !== null && _a !== void 0 ? _a : false);
            return { mayContainStrings: result.strings };
          }
          this.raise("Invalid property name");
        }
        return null;
      }
      consumeCharacterEscape() {
        const start = this.index;
        if (this.eatControlEscape() || this.eatCControlLetter() || this.eatZero() || this.eatHexEscapeSequence() || this.eatRegExpUnicodeEscapeSequence() || !this.strict && !this._unicodeMode && this.eatLegacyOctalEscapeSequence() || this.eatIdentityEscape()) {
          this.onCharacter(start - 1, this.index, this._lastIntValue);
          return true;
        }
        return false;
      }
      consumeKGroupName() {
        const start = this.index;
        if (this.eat(LATIN_SMALL_LETTER_K)) {
          if (this.eatGroupName()) {
            const groupName = this._lastStrValue;
            this._backreferenceNames.add(groupName);
            this.onBackreference(start - 1, this.index, groupName);
            return true;
          }
          this.raise("Invalid named reference");
        }
        return false;
      }
      consumeCharacterClass() {
        const start = this.index;
        if (this.eat(LEFT_SQUARE_BRACKET)) {
          const negate = this.eat(CIRCUMFLEX_ACCENT);
          this.onCharacterClassEnter(start, negate, this._unicodeSetsMode);
          const result = this.consumeClassContents();
          if (!this.eat(RIGHT_SQUARE_BRACKET)) {
            if (this.currentCodePoint === -1) {
              this.raise("Unterminated character class");
            }
            this.raise("Invalid character in character class");
          }
          if (negate && result.mayContainStrings) {
            this.raise("Negated character class may contain strings");
          }
          this.onCharacterClassLeave(start, this.index, negate);
          return result;
        }
        return null;
      }
      consumeClassContents() {
        if (this._unicodeSetsMode) {
          if (this.currentCodePoint === RIGHT_SQUARE_BRACKET) {
            return {};
          }
          const result = this.consumeClassSetExpression();
          return result;
        }
        const strict = this.strict || this._unicodeMode;
        for (; ; ) {
          const rangeStart = this.index;
          if (!this.consumeClassAtom()) {
            break;
          }
          const min = this._lastIntValue;
          if (!this.eat(HYPHEN_MINUS)) {
            continue;
          }
          this.onCharacter(this.index - 1, this.index, HYPHEN_MINUS);
          if (!this.consumeClassAtom()) {
            break;
          }
          const max = this._lastIntValue;
          if (min === -1 || max === -1) {
            if (strict) {
              this.raise("Invalid character class");
            }
            continue;
          }
          if (min > max) {
            this.raise("Range out of order in character class");
          }
          this.onCharacterClassRange(rangeStart, this.index, min, max);
        }
        return {};
      }
      consumeClassAtom() {
        const start = this.index;
        const cp = this.currentCodePoint;
        if (cp !== -1 && cp !== REVERSE_SOLIDUS && cp !== RIGHT_SQUARE_BRACKET) {
          this.advance();
          this._lastIntValue = cp;
          this.onCharacter(start, this.index, this._lastIntValue);
          return true;
        }
        if (this.eat(REVERSE_SOLIDUS)) {
          if (this.consumeClassEscape()) {
            return true;
          }
          if (!this.strict && this.currentCodePoint === LATIN_SMALL_LETTER_C) {
            this._lastIntValue = REVERSE_SOLIDUS;
            this.onCharacter(start, this.index, this._lastIntValue);
            return true;
          }
          if (this.strict || this._unicodeMode) {
            this.raise("Invalid escape");
          }
          this.rewind(start);
        }
        return false;
      }
      consumeClassEscape() {
        const start = this.index;
        if (this.eat(LATIN_SMALL_LETTER_B)) {
          this._lastIntValue = BACKSPACE;
          this.onCharacter(start - 1, this.index, this._lastIntValue);
          return true;
        }
        if (this._unicodeMode && this.eat(HYPHEN_MINUS)) {
          this._lastIntValue = HYPHEN_MINUS;
          this.onCharacter(start - 1, this.index, this._lastIntValue);
          return true;
        }
        let cp = 0;
        if (!this.strict && !this._unicodeMode && this.currentCodePoint === LATIN_SMALL_LETTER_C && (isDecimalDigit(cp = this.nextCodePoint) || cp === LOW_LINE)) {
          this.advance();
          this.advance();
          this._lastIntValue = cp % 32;
          this.onCharacter(start - 1, this.index, this._lastIntValue);
          return true;
        }
        return Boolean(this.consumeCharacterClassEscape()) || this.consumeCharacterEscape();
      }
      consumeClassSetExpression() {
        const start = this.index;
        let mayContainStrings = false;
        let result = null;
        if (this.consumeClassSetCharacter()) {
          if (this.consumeClassSetRangeFromOperator(start)) {
            this.consumeClassUnionRight({});
            return {};
          }
          mayContainStrings = false;
        } else if (result = this.consumeClassSetOperand()) {
          mayContainStrings = result.mayContainStrings;
        } else {
          const cp = this.currentCodePoint;
          if (cp === REVERSE_SOLIDUS) {
            this.advance();
            this.raise("Invalid escape");
          }
          if (cp === this.nextCodePoint && isClassSetReservedDoublePunctuatorCharacter(cp)) {
            this.raise("Invalid set operation in character class");
          }
          this.raise("Invalid character in character class");
        }
        if (this.eat2(AMPERSAND, AMPERSAND)) {
          while (this.currentCodePoint !== AMPERSAND && (result = this.consumeClassSetOperand())) {
            this.onClassIntersection(start, this.index);
            if (!result.mayContainStrings) {
              mayContainStrings = false;
            }
            if (this.eat2(AMPERSAND, AMPERSAND)) {
              continue;
            }
            return { mayContainStrings };
          }
          this.raise("Invalid character in character class");
        }
        if (this.eat2(HYPHEN_MINUS, HYPHEN_MINUS)) {
          while (this.consumeClassSetOperand()) {
            this.onClassSubtraction(start, this.index);
            if (this.eat2(HYPHEN_MINUS, HYPHEN_MINUS)) {
              continue;
            }
            return { mayContainStrings };
          }
          this.raise("Invalid character in character class");
        }
        return this.consumeClassUnionRight({ mayContainStrings });
      }
      consumeClassUnionRight(leftResult) {
        let mayContainStrings = leftResult.mayContainStrings;
        for (; ; ) {
          const start = this.index;
          if (this.consumeClassSetCharacter()) {
            this.consumeClassSetRangeFromOperator(start);
            continue;
          }
          const result = this.consumeClassSetOperand();
          if (result) {
            if (result.mayContainStrings) {
              mayContainStrings = true;
            }
            continue;
          }
          break;
        }
        return { mayContainStrings };
      }
      consumeClassSetRangeFromOperator(start) {
        const currentStart = this.index;
        const min = this._lastIntValue;
        if (this.eat(HYPHEN_MINUS)) {
          if (this.consumeClassSetCharacter()) {
            const max = this._lastIntValue;
            if (min === -1 || max === -1) {
              this.raise("Invalid character class");
            }
            if (min > max) {
              this.raise("Range out of order in character class");
            }
            this.onCharacterClassRange(start, this.index, min, max);
            return true;
          }
          this.rewind(currentStart);
        }
        return false;
      }
      consumeClassSetOperand() {
        let result = null;
        if (result = this.consumeNestedClass()) {
          return result;
        }
        if (result = this.consumeClassStringDisjunction()) {
          return result;
        }
        if (this.consumeClassSetCharacter()) {
          return {};
        }
        return null;
      }
      consumeNestedClass() {
        const start = this.index;
        if (this.eat(LEFT_SQUARE_BRACKET)) {
          const negate = this.eat(CIRCUMFLEX_ACCENT);
          this.onCharacterClassEnter(start, negate, true);
          const result = this.consumeClassContents();
          if (!this.eat(RIGHT_SQUARE_BRACKET)) {
            this.raise("Unterminated character class");
          }
          if (negate && result.mayContainStrings) {
            this.raise("Negated character class may contain strings");
          }
          this.onCharacterClassLeave(start, this.index, negate);
          return result;
        }
        if (this.eat(REVERSE_SOLIDUS)) {
          const result = this.consumeCharacterClassEscape();
          if (result) {
            return result;
          }
          this.rewind(start);
        }
        return null;
      }
      consumeClassStringDisjunction() {
        const start = this.index;
        if (this.eat3(REVERSE_SOLIDUS, LATIN_SMALL_LETTER_Q, LEFT_CURLY_BRACKET)) {
          this.onClassStringDisjunctionEnter(start);
          let i = 0;
          let mayContainStrings = false;
          do {
            if (this.consumeClassString(i++).mayContainStrings) {
              mayContainStrings = true;
            }
          } while (this.eat(VERTICAL_LINE));
          if (this.eat(RIGHT_CURLY_BRACKET)) {
            this.onClassStringDisjunctionLeave(start, this.index);
            return { mayContainStrings };
          }
          this.raise("Unterminated class string disjunction");
        }
        return null;
      }
      consumeClassString(i) {
        const start = this.index;
        let count = 0;
        this.onStringAlternativeEnter(start, i);
        while (this.currentCodePoint !== -1 && this.consumeClassSetCharacter()) {
          count++;
        }
        this.onStringAlternativeLeave(start, this.index, i);
        return { mayContainStrings: count !== 1 };
      }
      consumeClassSetCharacter() {
        const start = this.index;
        const cp = this.currentCodePoint;
        if (cp !== this.nextCodePoint || !isClassSetReservedDoublePunctuatorCharacter(cp)) {
          if (cp !== -1 && !isClassSetSyntaxCharacter(cp)) {
            this._lastIntValue = cp;
            this.advance();
            this.onCharacter(start, this.index, this._lastIntValue);
            return true;
          }
        }
        if (this.eat(REVERSE_SOLIDUS)) {
          if (this.consumeCharacterEscape()) {
            return true;
          }
          if (isClassSetReservedPunctuator(this.currentCodePoint)) {
            this._lastIntValue = this.currentCodePoint;
            this.advance();
            this.onCharacter(start, this.index, this._lastIntValue);
            return true;
          }
          if (this.eat(LATIN_SMALL_LETTER_B)) {
            this._lastIntValue = BACKSPACE;
            this.onCharacter(start, this.index, this._lastIntValue);
            return true;
          }
          this.rewind(start);
        }
        return false;
      }
      eatGroupName() {
        if (this.eat(LESS_THAN_SIGN)) {
          if (this.eatRegExpIdentifierName() && this.eat(GREATER_THAN_SIGN)) {
            return true;
          }
          this.raise("Invalid capture group name");
        }
        return false;
      }
      eatRegExpIdentifierName() {
        if (this.eatRegExpIdentifierStart()) {
          this._lastStrValue = String.fromCodePoint(this._lastIntValue);
          while (this.eatRegExpIdentifierPart()) {
            this._lastStrValue += String.fromCodePoint(this._lastIntValue);
          }
          return true;
        }
        return false;
      }
      eatRegExpIdentifierStart() {
        const start = this.index;
        const forceUFlag = !this._unicodeMode && this.ecmaVersion >= 2020;
        let cp = this.currentCodePoint;
        this.advance();
        if (cp === REVERSE_SOLIDUS && this.eatRegExpUnicodeEscapeSequence(forceUFlag)) {
          cp = this._lastIntValue;
        } else if (forceUFlag && isLeadSurrogate(cp) && isTrailSurrogate(this.currentCodePoint)) {
          cp = combineSurrogatePair(cp, this.currentCodePoint);
          this.advance();
        }
        if (isIdentifierStartChar(cp)) {
          this._lastIntValue = cp;
          return true;
        }
        if (this.index !== start) {
          this.rewind(start);
        }
        return false;
      }
      eatRegExpIdentifierPart() {
        const start = this.index;
        const forceUFlag = !this._unicodeMode && this.ecmaVersion >= 2020;
        let cp = this.currentCodePoint;
        this.advance();
        if (cp === REVERSE_SOLIDUS && this.eatRegExpUnicodeEscapeSequence(forceUFlag)) {
          cp = this._lastIntValue;
        } else if (forceUFlag && isLeadSurrogate(cp) && isTrailSurrogate(this.currentCodePoint)) {
          cp = combineSurrogatePair(cp, this.currentCodePoint);
          this.advance();
        }
        if (isIdentifierPartChar(cp)) {
          this._lastIntValue = cp;
          return true;
        }
        if (this.index !== start) {
          this.rewind(start);
        }
        return false;
      }
      eatCControlLetter() {
        const start = this.index;
        if (this.eat(LATIN_SMALL_LETTER_C)) {
          if (this.eatControlLetter()) {
            return true;
          }
          this.rewind(start);
        }
        return false;
      }
      eatZero() {
        if (this.currentCodePoint === DIGIT_ZERO && !isDecimalDigit(this.nextCodePoint)) {
          this._lastIntValue = 0;
          this.advance();
          return true;
        }
        return false;
      }
      eatControlEscape() {
        if (this.eat(LATIN_SMALL_LETTER_F)) {
          this._lastIntValue = FORM_FEED;
          return true;
        }
        if (this.eat(LATIN_SMALL_LETTER_N)) {
          this._lastIntValue = LINE_FEED;
          return true;
        }
        if (this.eat(LATIN_SMALL_LETTER_R)) {
          this._lastIntValue = CARRIAGE_RETURN;
          return true;
        }
        if (this.eat(LATIN_SMALL_LETTER_T)) {
          this._lastIntValue = CHARACTER_TABULATION;
          return true;
        }
        if (this.eat(LATIN_SMALL_LETTER_V)) {
          this._lastIntValue = LINE_TABULATION;
          return true;
        }
        return false;
      }
      eatControlLetter() {
        const cp = this.currentCodePoint;
        if (isLatinLetter(cp)) {
          this.advance();
          this._lastIntValue = cp % 32;
          return true;
        }
        return false;
      }
      eatRegExpUnicodeEscapeSequence(forceUFlag = false) {
        const start = this.index;
        const uFlag = forceUFlag || this._unicodeMode;
        if (this.eat(LATIN_SMALL_LETTER_U)) {
          if (uFlag && this.eatRegExpUnicodeSurrogatePairEscape() || this.eatFixedHexDigits(4) || uFlag && this.eatRegExpUnicodeCodePointEscape()) {
            return true;
          }
          if (this.strict || uFlag) {
            this.raise("Invalid unicode escape");
          }
          this.rewind(start);
        }
        return false;
      }
      eatRegExpUnicodeSurrogatePairEscape() {
        const start = this.index;
        if (this.eatFixedHexDigits(4)) {
          const lead = this._lastIntValue;
          if (isLeadSurrogate(lead) && this.eat(REVERSE_SOLIDUS) && this.eat(LATIN_SMALL_LETTER_U) && this.eatFixedHexDigits(4)) {
            const trail = this._lastIntValue;
            if (isTrailSurrogate(trail)) {
              this._lastIntValue = combineSurrogatePair(lead, trail);
              return true;
            }
          }
          this.rewind(start);
        }
        return false;
      }
      eatRegExpUnicodeCodePointEscape() {
        const start = this.index;
        if (this.eat(LEFT_CURLY_BRACKET) && this.eatHexDigits() && this.eat(RIGHT_CURLY_BRACKET) && isValidUnicode(this._lastIntValue)) {
          return true;
        }
        this.rewind(start);
        return false;
      }
      eatIdentityEscape() {
        const cp = this.currentCodePoint;
        if (this.isValidIdentityEscape(cp)) {
          this._lastIntValue = cp;
          this.advance();
          return true;
        }
        return false;
      }
      isValidIdentityEscape(cp) {
        if (cp === -1) {
          return false;
        }
        if (this._unicodeMode) {
          return isSyntaxCharacter(cp) || cp === SOLIDUS;
        }
        if (this.strict) {
          return !isIdContinue(cp);
        }
        if (this._nFlag) {
          return !(cp === LATIN_SMALL_LETTER_C || cp === LATIN_SMALL_LETTER_K);
        }
        return cp !== LATIN_SMALL_LETTER_C;
      }
      eatDecimalEscape() {
        this._lastIntValue = 0;
        let cp = this.currentCodePoint;
        if (cp >= DIGIT_ONE && cp <= DIGIT_NINE) {
          do {
            this._lastIntValue = 10 * this._lastIntValue + (cp - DIGIT_ZERO);
            this.advance();
          } while ((cp = this.currentCodePoint) >= DIGIT_ZERO && cp <= DIGIT_NINE);
          return true;
        }
        return false;
      }
      eatUnicodePropertyValueExpression() {
        const start = this.index;
        if (this.eatUnicodePropertyName() && this.eat(EQUALS_SIGN)) {
          const key = this._lastStrValue;
          if (this.eatUnicodePropertyValue()) {
            const value = this._lastStrValue;
            if (isValidUnicodeProperty(this.ecmaVersion, key, value)) {
              return {
                key,
                value: value || null
              };
            }
            this.raise("Invalid property name");
          }
        }
        this.rewind(start);
        if (this.eatLoneUnicodePropertyNameOrValue()) {
          const nameOrValue = this._lastStrValue;
          if (isValidUnicodeProperty(this.ecmaVersion, "General_Category", nameOrValue)) {
            return {
              key: "General_Category",
              value: nameOrValue || null
            };
          }
          if (isValidLoneUnicodeProperty(this.ecmaVersion, nameOrValue)) {
            return {
              key: nameOrValue,
              value: null
            };
          }
          if (this._unicodeSetsMode && isValidLoneUnicodePropertyOfString(this.ecmaVersion, nameOrValue)) {
            return {
              key: nameOrValue,
              value: null,
              strings: true
            };
          }
          this.raise("Invalid property name");
        }
        return null;
      }
      eatUnicodePropertyName() {
        this._lastStrValue = "";
        while (isUnicodePropertyNameCharacter(this.currentCodePoint)) {
          this._lastStrValue += String.fromCodePoint(this.currentCodePoint);
          this.advance();
        }
        return this._lastStrValue !== "";
      }
      eatUnicodePropertyValue() {
        this._lastStrValue = "";
        while (isUnicodePropertyValueCharacter(this.currentCodePoint)) {
          this._lastStrValue += String.fromCodePoint(this.currentCodePoint);
          this.advance();
        }
        return this._lastStrValue !== "";
      }
      eatLoneUnicodePropertyNameOrValue() {
        return this.eatUnicodePropertyValue();
      }
      eatHexEscapeSequence() {
        const start = this.index;
        if (this.eat(LATIN_SMALL_LETTER_X)) {
          if (this.eatFixedHexDigits(2)) {
            return true;
          }
          if (this._unicodeMode || this.strict) {
            this.raise("Invalid escape");
          }
          this.rewind(start);
        }
        return false;
      }
      eatDecimalDigits() {
        const start = this.index;
        this._lastIntValue = 0;
        while (isDecimalDigit(this.currentCodePoint)) {
          this._lastIntValue = 10 * this._lastIntValue + digitToInt(this.currentCodePoint);
          this.advance();
        }
        return this.index !== start;
      }
      eatHexDigits() {
        const start = this.index;
        this._lastIntValue = 0;
        while (isHexDigit(this.currentCodePoint)) {
          this._lastIntValue = 16 * this._lastIntValue + digitToInt(this.currentCodePoint);
          this.advance();
        }
        return this.index !== start;
      }
      eatLegacyOctalEscapeSequence() {
        if (this.eatOctalDigit()) {
          const n1 = this._lastIntValue;
          if (this.eatOctalDigit()) {
            const n2 = this._lastIntValue;
            if (n1 <= 3 && this.eatOctalDigit()) {
              this._lastIntValue = n1 * 64 + n2 * 8 + this._lastIntValue;
            } else {
              this._lastIntValue = n1 * 8 + n2;
            }
          } else {
            this._lastIntValue = n1;
          }
          return true;
        }
        return false;
      }
      eatOctalDigit() {
        const cp = this.currentCodePoint;
        if (isOctalDigit(cp)) {
          this.advance();
          this._lastIntValue = cp - DIGIT_ZERO;
          return true;
        }
        this._lastIntValue = 0;
        return false;
      }
      eatFixedHexDigits(length) {
        const start = this.index;
        this._lastIntValue = 0;
        for (let i = 0; i < length; ++i) {
          const cp = this.currentCodePoint;
          if (!isHexDigit(cp)) {
            this.rewind(start);
            return false;
          }
          this._lastIntValue = 16 * this._lastIntValue + digitToInt(cp);
          this.advance();
        }
        return true;
      }
      eatModifiers() {
        let ate = false;
        while (isRegularExpressionModifier(this.currentCodePoint)) {
          this.advance();
          ate = true;
        }
        return ate;
      }
      parseModifiers(start, end) {
        const { ignoreCase, multiline, dotAll } = this.parseFlags(this._reader.source, start, end);
        return { ignoreCase, multiline, dotAll };
      }
      parseFlags(source, start, end) {
        const flags = {
          global: false,
          ignoreCase: false,
          multiline: false,
          unicode: false,
          sticky: false,
          dotAll: false,
          hasIndices: false,
          unicodeSets: false
        };
        const validFlags = /* @__PURE__ */ new Set();
        validFlags.add(LATIN_SMALL_LETTER_G);
        validFlags.add(LATIN_SMALL_LETTER_I);
        validFlags.add(LATIN_SMALL_LETTER_M);
        if (this.ecmaVersion >= 2015) {
          validFlags.add(LATIN_SMALL_LETTER_U);
          validFlags.add(LATIN_SMALL_LETTER_Y);
          if (this.ecmaVersion >= 2018) {
            validFlags.add(LATIN_SMALL_LETTER_S);
            if (this.ecmaVersion >= 2022) {
              validFlags.add(LATIN_SMALL_LETTER_D);
              if (this.ecmaVersion >= 2024) {
                validFlags.add(LATIN_SMALL_LETTER_V);
              }
            }
          }
        }
        for (let i = start; i < end; ++i) {
          const flag = source.charCodeAt(i);
          if (validFlags.has(flag)) {
            const prop = FLAG_CODEPOINT_TO_PROP[flag];
            if (flags[prop]) {
              this.raise(`Duplicated flag '${source[i]}'`, {
                index: start
              });
            }
            flags[prop] = true;
          } else {
            this.raise(`Invalid flag '${source[i]}'`, { index: start });
          }
        }
        return flags;
      }
    };
    var DUMMY_PATTERN = {};
    var DUMMY_FLAGS = {};
    var DUMMY_CAPTURING_GROUP = {};
    function isClassSetOperand(node) {
      return node.type === "Character" || node.type === "CharacterSet" || node.type === "CharacterClass" || node.type === "ExpressionCharacterClass" || node.type === "ClassStringDisjunction";
    }
    var RegExpParserState = class {
      constructor(options) {
        var _a;
        this._node = DUMMY_PATTERN;
        this._expressionBufferMap = /* @__PURE__ */ new Map();
        this._flags = DUMMY_FLAGS;
        this._backreferences = [];
        this._capturingGroups = [];
        this.source = "";
        this.strict = Boolean(options === null || options === void 0 ? void 0 : options.strict);
        this.ecmaVersion = (_a = options === null || options === void 0 ? void 0 : options.ecmaVersion) !== null && _a !== void 0 ? _a : latestEcmaVersion;
      }
      get pattern() {
        if (this._node.type !== "Pattern") {
          throw new Error("UnknownError");
        }
        return this._node;
      }
      get flags() {
        if (this._flags.type !== "Flags") {
          throw new Error("UnknownError");
        }
        return this._flags;
      }
      onRegExpFlags(start, end, { global, ignoreCase, multiline, unicode, sticky, dotAll, hasIndices, unicodeSets }) {
        this._flags = {
          type: "Flags",
          parent: null,
          start,
          end,
          raw: this.source.slice(start, end),
          global,
          ignoreCase,
          multiline,
          unicode,
          sticky,
          dotAll,
          hasIndices,
          unicodeSets
        };
      }
      onPatternEnter(start) {
        this._node = {
          type: "Pattern",
          parent: null,
          start,
          end: start,
          raw: "",
          alternatives: []
        };
        this._backreferences.length = 0;
        this._capturingGroups.length = 0;
      }
      onPatternLeave(start, end) {
        this._node.end = end;
        this._node.raw = this.source.slice(start, end);
        for (const reference of this._backreferences) {
          const ref = reference.ref;
          const groups = typeof ref === "number" ? [this._capturingGroups[ref - 1]] : this._capturingGroups.filter((g) => g.name === ref);
          if (groups.length === 1) {
            const group = groups[0];
            reference.ambiguous = false;
            reference.resolved = group;
          } else {
            reference.ambiguous = true;
            reference.resolved = groups;
          }
          for (const group of groups) {
            group.references.push(reference);
          }
        }
      }
      onAlternativeEnter(start) {
        const parent = this._node;
        if (parent.type !== "Assertion" && parent.type !== "CapturingGroup" && parent.type !== "Group" && parent.type !== "Pattern") {
          throw new Error("UnknownError");
        }
        this._node = {
          type: "Alternative",
          parent,
          start,
          end: start,
          raw: "",
          elements: []
        };
        parent.alternatives.push(this._node);
      }
      onAlternativeLeave(start, end) {
        const node = this._node;
        if (node.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        node.end = end;
        node.raw = this.source.slice(start, end);
        this._node = node.parent;
      }
      onGroupEnter(start) {
        const parent = this._node;
        if (parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        const group = {
          type: "Group",
          parent,
          start,
          end: start,
          raw: "",
          modifiers: null,
          alternatives: []
        };
        this._node = group;
        parent.elements.push(this._node);
      }
      onGroupLeave(start, end) {
        const node = this._node;
        if (node.type !== "Group" || node.parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        node.end = end;
        node.raw = this.source.slice(start, end);
        this._node = node.parent;
      }
      onModifiersEnter(start) {
        const parent = this._node;
        if (parent.type !== "Group") {
          throw new Error("UnknownError");
        }
        this._node = {
          type: "Modifiers",
          parent,
          start,
          end: start,
          raw: "",
          add: null,
          remove: null
        };
        parent.modifiers = this._node;
      }
      onModifiersLeave(start, end) {
        const node = this._node;
        if (node.type !== "Modifiers" || node.parent.type !== "Group") {
          throw new Error("UnknownError");
        }
        node.end = end;
        node.raw = this.source.slice(start, end);
        this._node = node.parent;
      }
      onAddModifiers(start, end, { ignoreCase, multiline, dotAll }) {
        const parent = this._node;
        if (parent.type !== "Modifiers") {
          throw new Error("UnknownError");
        }
        parent.add = {
          type: "ModifierFlags",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          ignoreCase,
          multiline,
          dotAll
        };
      }
      onRemoveModifiers(start, end, { ignoreCase, multiline, dotAll }) {
        const parent = this._node;
        if (parent.type !== "Modifiers") {
          throw new Error("UnknownError");
        }
        parent.remove = {
          type: "ModifierFlags",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          ignoreCase,
          multiline,
          dotAll
        };
      }
      onCapturingGroupEnter(start, name) {
        const parent = this._node;
        if (parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        this._node = {
          type: "CapturingGroup",
          parent,
          start,
          end: start,
          raw: "",
          name,
          alternatives: [],
          references: []
        };
        parent.elements.push(this._node);
        this._capturingGroups.push(this._node);
      }
      onCapturingGroupLeave(start, end) {
        const node = this._node;
        if (node.type !== "CapturingGroup" || node.parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        node.end = end;
        node.raw = this.source.slice(start, end);
        this._node = node.parent;
      }
      onQuantifier(start, end, min, max, greedy) {
        const parent = this._node;
        if (parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        const element = parent.elements.pop();
        if (element == null || element.type === "Quantifier" || element.type === "Assertion" && element.kind !== "lookahead") {
          throw new Error("UnknownError");
        }
        const node = {
          type: "Quantifier",
          parent,
          start: element.start,
          end,
          raw: this.source.slice(element.start, end),
          min,
          max,
          greedy,
          element
        };
        parent.elements.push(node);
        element.parent = node;
      }
      onLookaroundAssertionEnter(start, kind, negate) {
        const parent = this._node;
        if (parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        const node = this._node = {
          type: "Assertion",
          parent,
          start,
          end: start,
          raw: "",
          kind,
          negate,
          alternatives: []
        };
        parent.elements.push(node);
      }
      onLookaroundAssertionLeave(start, end) {
        const node = this._node;
        if (node.type !== "Assertion" || node.parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        node.end = end;
        node.raw = this.source.slice(start, end);
        this._node = node.parent;
      }
      onEdgeAssertion(start, end, kind) {
        const parent = this._node;
        if (parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        parent.elements.push({
          type: "Assertion",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          kind
        });
      }
      onWordBoundaryAssertion(start, end, kind, negate) {
        const parent = this._node;
        if (parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        parent.elements.push({
          type: "Assertion",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          kind,
          negate
        });
      }
      onAnyCharacterSet(start, end, kind) {
        const parent = this._node;
        if (parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        parent.elements.push({
          type: "CharacterSet",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          kind
        });
      }
      onEscapeCharacterSet(start, end, kind, negate) {
        const parent = this._node;
        if (parent.type !== "Alternative" && parent.type !== "CharacterClass") {
          throw new Error("UnknownError");
        }
        parent.elements.push({
          type: "CharacterSet",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          kind,
          negate
        });
      }
      onUnicodePropertyCharacterSet(start, end, kind, key, value, negate, strings) {
        const parent = this._node;
        if (parent.type !== "Alternative" && parent.type !== "CharacterClass") {
          throw new Error("UnknownError");
        }
        const base = {
          type: "CharacterSet",
          parent: null,
          start,
          end,
          raw: this.source.slice(start, end),
          kind,
          strings: null,
          key
        };
        if (strings) {
          if (parent.type === "CharacterClass" && !parent.unicodeSets || negate || value !== null) {
            throw new Error("UnknownError");
          }
          parent.elements.push(Object.assign(Object.assign({}, base), { parent, strings, value, negate }));
        } else {
          parent.elements.push(Object.assign(Object.assign({}, base), { parent, strings, value, negate }));
        }
      }
      onCharacter(start, end, value) {
        const parent = this._node;
        if (parent.type !== "Alternative" && parent.type !== "CharacterClass" && parent.type !== "StringAlternative") {
          throw new Error("UnknownError");
        }
        parent.elements.push({
          type: "Character",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          value
        });
      }
      onBackreference(start, end, ref) {
        const parent = this._node;
        if (parent.type !== "Alternative") {
          throw new Error("UnknownError");
        }
        const node = {
          type: "Backreference",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          ref,
          ambiguous: false,
          resolved: DUMMY_CAPTURING_GROUP
        };
        parent.elements.push(node);
        this._backreferences.push(node);
      }
      onCharacterClassEnter(start, negate, unicodeSets) {
        const parent = this._node;
        const base = {
          type: "CharacterClass",
          parent,
          start,
          end: start,
          raw: "",
          unicodeSets,
          negate,
          elements: []
        };
        if (parent.type === "Alternative") {
          const node = Object.assign(Object.assign({}, base), { parent });
          this._node = node;
          parent.elements.push(node);
        } else if (parent.type === "CharacterClass" && parent.unicodeSets && unicodeSets) {
          const node = Object.assign(Object.assign({}, base), {
            parent,
            unicodeSets
          });
          this._node = node;
          parent.elements.push(node);
        } else {
          throw new Error("UnknownError");
        }
      }
      onCharacterClassLeave(start, end) {
        const node = this._node;
        if (node.type !== "CharacterClass" || node.parent.type !== "Alternative" && node.parent.type !== "CharacterClass") {
          throw new Error("UnknownError");
        }
        const parent = node.parent;
        node.end = end;
        node.raw = this.source.slice(start, end);
        this._node = parent;
        const expression = this._expressionBufferMap.get(node);
        if (!expression) {
          return;
        }
        if (node.elements.length > 0) {
          throw new Error("UnknownError");
        }
        this._expressionBufferMap.delete(node);
        const newNode = {
          type: "ExpressionCharacterClass",
          parent,
          start: node.start,
          end: node.end,
          raw: node.raw,
          negate: node.negate,
          expression
        };
        expression.parent = newNode;
        if (node !== parent.elements.pop()) {
          throw new Error("UnknownError");
        }
        parent.elements.push(newNode);
      }
      onCharacterClassRange(start, end) {
        const parent = this._node;
        if (parent.type !== "CharacterClass") {
          throw new Error("UnknownError");
        }
        const elements = parent.elements;
        const max = elements.pop();
        if (!max || max.type !== "Character") {
          throw new Error("UnknownError");
        }
        if (!parent.unicodeSets) {
          const hyphen = elements.pop();
          if (!hyphen || hyphen.type !== "Character" || hyphen.value !== HYPHEN_MINUS) {
            throw new Error("UnknownError");
          }
        }
        const min = elements.pop();
        if (!min || min.type !== "Character") {
          throw new Error("UnknownError");
        }
        const node = {
          type: "CharacterClassRange",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          min,
          max
        };
        min.parent = node;
        max.parent = node;
        elements.push(node);
      }
      onClassIntersection(start, end) {
        var _a;
        const parent = this._node;
        if (parent.type !== "CharacterClass" || !parent.unicodeSets) {
          throw new Error("UnknownError");
        }
        const right = parent.elements.pop();
        const left = (_a = this._expressionBufferMap.get(parent)) !== null && _a !== void 0 ? _a : parent.elements.pop();
        if (!left || !right || left.type === "ClassSubtraction" || left.type !== "ClassIntersection" && !isClassSetOperand(left) || !isClassSetOperand(right)) {
          throw new Error("UnknownError");
        }
        const node = {
          type: "ClassIntersection",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          left,
          right
        };
        left.parent = node;
        right.parent = node;
        this._expressionBufferMap.set(parent, node);
      }
      onClassSubtraction(start, end) {
        var _a;
        const parent = this._node;
        if (parent.type !== "CharacterClass" || !parent.unicodeSets) {
          throw new Error("UnknownError");
        }
        const right = parent.elements.pop();
        const left = (_a = this._expressionBufferMap.get(parent)) !== null && _a !== void 0 ? _a : parent.elements.pop();
        if (!left || !right || left.type === "ClassIntersection" || left.type !== "ClassSubtraction" && !isClassSetOperand(left) || !isClassSetOperand(right)) {
          throw new Error("UnknownError");
        }
        const node = {
          type: "ClassSubtraction",
          parent,
          start,
          end,
          raw: this.source.slice(start, end),
          left,
          right
        };
        left.parent = node;
        right.parent = node;
        this._expressionBufferMap.set(parent, node);
      }
      onClassStringDisjunctionEnter(start) {
        const parent = this._node;
        if (parent.type !== "CharacterClass" || !parent.unicodeSets) {
          throw new Error("UnknownError");
        }
        this._node = {
          type: "ClassStringDisjunction",
          parent,
          start,
          end: start,
          raw: "",
          alternatives: []
        };
        parent.elements.push(this._node);
      }
      onClassStringDisjunctionLeave(start, end) {
        const node = this._node;
        if (node.type !== "ClassStringDisjunction" || node.parent.type !== "CharacterClass") {
          throw new Error("UnknownError");
        }
        node.end = end;
        node.raw = this.source.slice(start, end);
        this._node = node.parent;
      }
      onStringAlternativeEnter(start) {
        const parent = this._node;
        if (parent.type !== "ClassStringDisjunction") {
          throw new Error("UnknownError");
        }
        this._node = {
          type: "StringAlternative",
          parent,
          start,
          end: start,
          raw: "",
          elements: []
        };
        parent.alternatives.push(this._node);
      }
      onStringAlternativeLeave(start, end) {
        const node = this._node;
        if (node.type !== "StringAlternative") {
          throw new Error("UnknownError");
        }
        node.end = end;
        node.raw = this.source.slice(start, end);
        this._node = node.parent;
      }
    };
    var RegExpParser = class {
      constructor(options) {
        this._state = new RegExpParserState(options);
        this._validator = new RegExpValidator(this._state);
      }
      parseLiteral(source, start = 0, end = source.length) {
        this._state.source = source;
        this._validator.validateLiteral(source, start, end);
        const pattern = this._state.pattern;
        const flags = this._state.flags;
        const literal = {
          type: "RegExpLiteral",
          parent: null,
          start,
          end,
          raw: source,
          pattern,
          flags
        };
        pattern.parent = literal;
        flags.parent = literal;
        return literal;
      }
      parseFlags(source, start = 0, end = source.length) {
        this._state.source = source;
        this._validator.validateFlags(source, start, end);
        return this._state.flags;
      }
      parsePattern(source, start = 0, end = source.length, uFlagOrFlags = void 0) {
        this._state.source = source;
        this._validator.validatePattern(source, start, end, uFlagOrFlags);
        return this._state.pattern;
      }
    };
    var RegExpVisitor = class {
      constructor(handlers) {
        this._handlers = handlers;
      }
      visit(node) {
        switch (node.type) {
          case "Alternative":
            this.visitAlternative(node);
            break;
          case "Assertion":
            this.visitAssertion(node);
            break;
          case "Backreference":
            this.visitBackreference(node);
            break;
          case "CapturingGroup":
            this.visitCapturingGroup(node);
            break;
          case "Character":
            this.visitCharacter(node);
            break;
          case "CharacterClass":
            this.visitCharacterClass(node);
            break;
          case "CharacterClassRange":
            this.visitCharacterClassRange(node);
            break;
          case "CharacterSet":
            this.visitCharacterSet(node);
            break;
          case "ClassIntersection":
            this.visitClassIntersection(node);
            break;
          case "ClassStringDisjunction":
            this.visitClassStringDisjunction(node);
            break;
          case "ClassSubtraction":
            this.visitClassSubtraction(node);
            break;
          case "ExpressionCharacterClass":
            this.visitExpressionCharacterClass(node);
            break;
          case "Flags":
            this.visitFlags(node);
            break;
          case "Group":
            this.visitGroup(node);
            break;
          case "Modifiers":
            this.visitModifiers(node);
            break;
          case "ModifierFlags":
            this.visitModifierFlags(node);
            break;
          case "Pattern":
            this.visitPattern(node);
            break;
          case "Quantifier":
            this.visitQuantifier(node);
            break;
          case "RegExpLiteral":
            this.visitRegExpLiteral(node);
            break;
          case "StringAlternative":
            this.visitStringAlternative(node);
            break;
          default:
            throw new Error(`Unknown type: ${node.type}`);
        }
      }
      visitAlternative(node) {
        if (this._handlers.onAlternativeEnter) {
          this._handlers.onAlternativeEnter(node);
        }
        node.elements.forEach(this.visit, this);
        if (this._handlers.onAlternativeLeave) {
          this._handlers.onAlternativeLeave(node);
        }
      }
      visitAssertion(node) {
        if (this._handlers.onAssertionEnter) {
          this._handlers.onAssertionEnter(node);
        }
        if (node.kind === "lookahead" || node.kind === "lookbehind") {
          node.alternatives.forEach(this.visit, this);
        }
        if (this._handlers.onAssertionLeave) {
          this._handlers.onAssertionLeave(node);
        }
      }
      visitBackreference(node) {
        if (this._handlers.onBackreferenceEnter) {
          this._handlers.onBackreferenceEnter(node);
        }
        if (this._handlers.onBackreferenceLeave) {
          this._handlers.onBackreferenceLeave(node);
        }
      }
      visitCapturingGroup(node) {
        if (this._handlers.onCapturingGroupEnter) {
          this._handlers.onCapturingGroupEnter(node);
        }
        node.alternatives.forEach(this.visit, this);
        if (this._handlers.onCapturingGroupLeave) {
          this._handlers.onCapturingGroupLeave(node);
        }
      }
      visitCharacter(node) {
        if (this._handlers.onCharacterEnter) {
          this._handlers.onCharacterEnter(node);
        }
        if (this._handlers.onCharacterLeave) {
          this._handlers.onCharacterLeave(node);
        }
      }
      visitCharacterClass(node) {
        if (this._handlers.onCharacterClassEnter) {
          this._handlers.onCharacterClassEnter(node);
        }
        node.elements.forEach(this.visit, this);
        if (this._handlers.onCharacterClassLeave) {
          this._handlers.onCharacterClassLeave(node);
        }
      }
      visitCharacterClassRange(node) {
        if (this._handlers.onCharacterClassRangeEnter) {
          this._handlers.onCharacterClassRangeEnter(node);
        }
        this.visitCharacter(node.min);
        this.visitCharacter(node.max);
        if (this._handlers.onCharacterClassRangeLeave) {
          this._handlers.onCharacterClassRangeLeave(node);
        }
      }
      visitCharacterSet(node) {
        if (this._handlers.onCharacterSetEnter) {
          this._handlers.onCharacterSetEnter(node);
        }
        if (this._handlers.onCharacterSetLeave) {
          this._handlers.onCharacterSetLeave(node);
        }
      }
      visitClassIntersection(node) {
        if (this._handlers.onClassIntersectionEnter) {
          this._handlers.onClassIntersectionEnter(node);
        }
        this.visit(node.left);
        this.visit(node.right);
        if (this._handlers.onClassIntersectionLeave) {
          this._handlers.onClassIntersectionLeave(node);
        }
      }
      visitClassStringDisjunction(node) {
        if (this._handlers.onClassStringDisjunctionEnter) {
          this._handlers.onClassStringDisjunctionEnter(node);
        }
        node.alternatives.forEach(this.visit, this);
        if (this._handlers.onClassStringDisjunctionLeave) {
          this._handlers.onClassStringDisjunctionLeave(node);
        }
      }
      visitClassSubtraction(node) {
        if (this._handlers.onClassSubtractionEnter) {
          this._handlers.onClassSubtractionEnter(node);
        }
        this.visit(node.left);
        this.visit(node.right);
        if (this._handlers.onClassSubtractionLeave) {
          this._handlers.onClassSubtractionLeave(node);
        }
      }
      visitExpressionCharacterClass(node) {
        if (this._handlers.onExpressionCharacterClassEnter) {
          this._handlers.onExpressionCharacterClassEnter(node);
        }
        this.visit(node.expression);
        if (this._handlers.onExpressionCharacterClassLeave) {
          this._handlers.onExpressionCharacterClassLeave(node);
        }
      }
      visitFlags(node) {
        if (this._handlers.onFlagsEnter) {
          this._handlers.onFlagsEnter(node);
        }
        if (this._handlers.onFlagsLeave) {
          this._handlers.onFlagsLeave(node);
        }
      }
      visitGroup(node) {
        if (this._handlers.onGroupEnter) {
          this._handlers.onGroupEnter(node);
        }
        if (node.modifiers) {
          this.visit(node.modifiers);
        }
        node.alternatives.forEach(this.visit, this);
        if (this._handlers.onGroupLeave) {
          this._handlers.onGroupLeave(node);
        }
      }
      visitModifiers(node) {
        if (this._handlers.onModifiersEnter) {
          this._handlers.onModifiersEnter(node);
        }
        if (node.add) {
          this.visit(node.add);
        }
        if (node.remove) {
          this.visit(node.remove);
        }
        if (this._handlers.onModifiersLeave) {
          this._handlers.onModifiersLeave(node);
        }
      }
      visitModifierFlags(node) {
        if (this._handlers.onModifierFlagsEnter) {
          this._handlers.onModifierFlagsEnter(node);
        }
        if (this._handlers.onModifierFlagsLeave) {
          this._handlers.onModifierFlagsLeave(node);
        }
      }
      visitPattern(node) {
        if (this._handlers.onPatternEnter) {
          this._handlers.onPatternEnter(node);
        }
        node.alternatives.forEach(this.visit, this);
        if (this._handlers.onPatternLeave) {
          this._handlers.onPatternLeave(node);
        }
      }
      visitQuantifier(node) {
        if (this._handlers.onQuantifierEnter) {
          this._handlers.onQuantifierEnter(node);
        }
        this.visit(node.element);
        if (this._handlers.onQuantifierLeave) {
          this._handlers.onQuantifierLeave(node);
        }
      }
      visitRegExpLiteral(node) {
        if (this._handlers.onRegExpLiteralEnter) {
          this._handlers.onRegExpLiteralEnter(node);
        }
        this.visitPattern(node.pattern);
        this.visitFlags(node.flags);
        if (this._handlers.onRegExpLiteralLeave) {
          this._handlers.onRegExpLiteralLeave(node);
        }
      }
      visitStringAlternative(node) {
        if (this._handlers.onStringAlternativeEnter) {
          this._handlers.onStringAlternativeEnter(node);
        }
        node.elements.forEach(this.visit, this);
        if (this._handlers.onStringAlternativeLeave) {
          this._handlers.onStringAlternativeLeave(node);
        }
      }
    };
    function parseRegExpLiteral(source, options) {
      return new RegExpParser(options).parseLiteral(String(source));
    }
    function validateRegExpLiteral(source, options) {
      new RegExpValidator(options).validateLiteral(source);
    }
    function visitRegExpAST(node, handlers) {
      new RegExpVisitor(handlers).visit(node);
    }
    exports.AST = ast;
    exports.RegExpParser = RegExpParser;
    exports.RegExpSyntaxError = RegExpSyntaxError;
    exports.RegExpValidator = RegExpValidator;
    exports.parseRegExpLiteral = parseRegExpLiteral;
    exports.validateRegExpLiteral = validateRegExpLiteral;
    exports.visitRegExpAST = visitRegExpAST;
  }
});

// src/scan/worker.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { parentPort, workerData } from "node:worker_threads";

// src/engine/index.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/types.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/errors.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/compile.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/anchor.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var MARK = "[!-,./:-@[-^`{-~]";
var ANCHOR = new RegExp(`^(${MARK})\\{(\\d{1,2})\\}(${MARK})$`);
function parseAnchor(text) {
  const m = ANCHOR.exec(text);
  if (!m || Number(m[2]) < 1) throw new Error(`not an anchor: "${text}" (write a punctuation mark, {gap}, a punctuation mark: ".{6}.")`);
  return { open: m[1].charCodeAt(0), gap: Number(m[2]), close: m[3].charCodeAt(0) };
}

// src/engine/classify.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/classification/jwt-issuer.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var SUPABASE_ISSUER = /^supabase/;
function supabaseByRole(claims) {
  if (!claims || typeof claims.iss !== "string" || !SUPABASE_ISSUER.test(claims.iss)) return void 0;
  if (claims.role === "anon") {
    return {
      kind: "publishable",
      severity: "info",
      reason: "a Supabase anon key is meant for browsers; it is safe only while row-level security is enabled on every exposed table"
    };
  }
  if (claims.role === "service_role" || claims.role === "supabase_admin") {
    return {
      kind: "secret",
      severity: "critical",
      reason: "a Supabase service_role key bypasses row-level security and reads or writes every table: rotate the project's JWT secret / API keys"
    };
  }
  return void 0;
}
function documentationJwtReason(claims) {
  if (claims?.iss === "supabase-demo") return `a Supabase local-development key (iss "supabase-demo"), published in Supabase's docs and CLI output`;
  return void 0;
}

// src/engine/context.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/structure/index.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/structure/braces.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/structure/types.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var MAX_ENCLOSING = 6e3;
var SCAN_LIMIT = 4e3;
function previousLineStart(text, lineStart) {
  return lineStart >= 2 ? text.lastIndexOf("\n", lineStart - 2) + 1 : 0;
}

// src/engine/structure/braces.ts
var CLOSE = { "}": "{", "]": "[", ")": "(" };
function bracesStructure(text, offset, syntax) {
  const floor = Math.max(0, offset - SCAN_LIMIT);
  let from = floor;
  if (floor > 0) {
    for (let k = floor; k < offset; k++)
      if (text.charCodeAt(k) === 10) {
        from = k + 1;
        break;
      }
  }
  const stack = [];
  const limit = Math.min(text.length, offset + SCAN_LIMIT);
  let i = from;
  let valueQuote = -1;
  while (i < offset) {
    const c = text.charCodeAt(i);
    if (c === DQ || c === SQ || c === BQ && syntax.backtickStrings) {
      const end = stringEnd(text, i, limit);
      if (end > offset) {
        valueQuote = i;
        break;
      }
      i = end;
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) i = lineEnd(text, i, offset);
    else if (c === SLASH && text.charCodeAt(i + 1) === STAR) i = blockEnd(text, i);
    else if (c === HASH && syntax.hashComments) i = lineEnd(text, i, offset);
    else {
      if (c === 123 || c === 91 || c === 40) stack.push({ char: text[i], at: i });
      else if (c === 125 || c === 93 || c === 41) popTo(stack, CLOSE[text[i]]);
      i++;
    }
  }
  const valueStart = valueQuote >= 0 ? valueQuote : offset;
  const keyPath = [];
  for (const open of stack) {
    const key = keyBefore(text, open.at);
    if (key) keyPath.push(key);
  }
  const holder = keyBefore(text, valueStart);
  if (holder) keyPath.push(holder);
  const whole = valueQuote < 0 || valueQuote + 1 === offset;
  const structure = { keyPath, name: whole ? holder : void 0 };
  const inner = stack[stack.length - 1];
  if (inner) {
    const close = closingOf(text, inner, valueQuote >= 0 ? stringEnd(text, valueQuote, limit) : offset, limit, syntax);
    const head = inner.at - lastLine(text.slice(Math.max(0, inner.at - 200), inner.at)).length;
    if (close > 0 && close - head <= MAX_ENCLOSING) structure.enclosing = text.slice(head, close + 1);
  }
  return structure;
}
function lastLine(s) {
  return s.slice(s.lastIndexOf("\n") + 1);
}
function popTo(stack, char) {
  for (let k = stack.length - 1; k >= 0; k--) {
    if (stack[k].char === char) {
      stack.length = k;
      return;
    }
  }
}
var DQ = 34;
var SQ = 39;
var BQ = 96;
var SLASH = 47;
var STAR = 42;
var HASH = 35;
var BACKSLASH = 92;
var NL = 10;
function stringEnd(text, at, limit) {
  const quote = text.charCodeAt(at);
  for (let i = at + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === quote) return i + 1;
    else if (c === NL && quote !== BQ) return i;
  }
  return limit;
}
function lineEnd(text, at, limit) {
  for (let i = at; i < limit; i++) if (text.charCodeAt(i) === NL) return i;
  return limit;
}
function blockEnd(text, at) {
  const close = text.indexOf("*/", at + 2);
  return close < 0 ? text.length : close + 2;
}
function closingOf(text, open, from, limit, syntax) {
  const want = open.char === "{" ? 125 : open.char === "[" ? 93 : 41;
  let depth = 0;
  for (let i = from; i < limit; ) {
    const c = text.charCodeAt(i);
    if (c === DQ || c === SQ || c === BQ && syntax.backtickStrings) i = stringEnd(text, i, limit);
    else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) i = lineEnd(text, i, limit);
    else if (c === SLASH && text.charCodeAt(i + 1) === STAR) i = blockEnd(text, i);
    else if (c === HASH && syntax.hashComments) i = lineEnd(text, i, limit);
    else {
      if (c === 123 || c === 91 || c === 40) depth++;
      else if (c === 125 || c === 93 || c === 41) {
        if (depth === 0) return c === want ? i : -1;
        depth--;
      }
      i++;
    }
  }
  return -1;
}
var KEY_REACH = 120;
var KEY_BEFORE = /(?:["'`]?([A-Za-z_$@][\w$.@-]*)["'`]?|\[\s*["'`]([^"'`]+)["'`]\s*\])\s*(?::=|=>|=|:)\s*(?:new\s+[\w.]+\s*\(\s*)?$/;
var HCL_BLOCK = /([A-Za-z_][\w-]*)(?:\s+"[^"\n]*")*\s*$/;
var TYPED = /([A-Za-z_$][\w$]*)\s*:\s*[\w$.<>[\]|& ]+?\s*=\s*$/;
function keyBefore(text, at) {
  const before = lastLine(text.slice(Math.max(0, at - KEY_REACH), at));
  const typed = TYPED.exec(before);
  if (typed) return typed[1];
  const m = KEY_BEFORE.exec(before);
  if (m) return m[1] ?? m[2];
  if (text[at] === "{") {
    const block = HCL_BLOCK.exec(before);
    if (block && !/^(?:if|else|for|while|switch|try|catch|finally|do|return|function|class|interface|struct|enum|impl)$/.test(block[1])) return block[1];
  }
  return void 0;
}

// src/engine/structure/format.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var BRACES = /\.(?:json|jsonc|json5|[cm]?[jt]sx?|vue|svelte|astro|html?|tf|tfvars|hcl|nomad|dart|kt|kts|swift|java|cs|go|rs|php|gradle|py|rb|groovy|scala|md|mdx|markdown|rst)$/i;
var YAML = /\.(?:ya?ml)$/i;
var PLIST = /\.plist$/i;
var XML = /\.(?:xml|xaml|config|csproj|resx)$/i;
var KEYVALUE = /(?:^|\/)(?:\.env(?:\.[\w-]+)?|[^/]*\.(?:env|properties|ini|cfg|conf|toml|envrc|sh|bash|zsh)|Dockerfile(?:\.[\w-]+)?|[^/]*\.dockerfile|\.npmrc|\.pypirc)$/i;
function structureFormat(path) {
  if (PLIST.test(path)) return "plist";
  if (YAML.test(path)) return "yaml";
  if (XML.test(path)) return "xml";
  if (BRACES.test(path)) return "braces";
  if (KEYVALUE.test(path)) return "keyvalue";
  return "none";
}

// src/engine/structure/keyvalue.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var KEY_LINE = /^\s*(?:(?:export|ENV|ARG|set|setenv|declare(?:\s+-\w+)*|readonly|local)\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?:=|:)/;
var ENV_SPACE = /^\s*ENV\s+([A-Za-z_]\w*)\s+$/;
var SECTION = /^\s*\[\[?\s*([^\]\n]+?)\s*\]\]?\s*$/;
function keyValueStructure(text, offset) {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const head = text.slice(lineStart, offset);
  const name = (KEY_LINE.exec(head) ?? ENV_SPACE.exec(head))?.[1];
  const floor = Math.max(0, offset - SCAN_LIMIT);
  const ceiling = Math.min(text.length, offset + SCAN_LIMIT);
  let section;
  let groupStart = lineStart;
  let inGroup = true;
  for (let pos = lineStart; pos > floor; ) {
    const start = previousLineStart(text, pos);
    const line = text.slice(start, pos - 1);
    const header = SECTION.exec(line);
    if (header) {
      section = header[1];
      if (inGroup) groupStart = start;
      break;
    }
    if (!line.trim()) inGroup = false;
    if (inGroup) groupStart = start;
    pos = start;
  }
  let groupEnd = text.indexOf("\n", offset);
  if (groupEnd < 0) groupEnd = text.length;
  while (groupEnd < ceiling) {
    let next = text.indexOf("\n", groupEnd + 1);
    if (next < 0) next = text.length;
    const line = text.slice(groupEnd + 1, next);
    if (!line.trim() || SECTION.test(line)) break;
    groupEnd = next;
  }
  const keyPath = [...section ? [section] : [], ...name ? [name] : []];
  const structure = { keyPath, name };
  if (groupEnd - groupStart <= MAX_ENCLOSING) structure.enclosing = text.slice(groupStart, groupEnd);
  return structure;
}

// src/engine/structure/xml.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var TAG = /<(\/?)([A-Za-z_][\w:.-]*)([^<>]*?)(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[!?][^>]*>/g;
var NAME_ATTR = /\b(?:android:)?name\s*=\s*["']([^"']+)["']/;
var PLIST_KEY = /<key>\s*([^<]+?)\s*<\/key>\s*$/;
function xmlStructure(text, offset, plist) {
  const from = Math.max(0, offset - SCAN_LIMIT);
  const stack = [];
  let own;
  TAG.lastIndex = from;
  for (let m = TAG.exec(text); m && m.index < offset; m = TAG.exec(text)) {
    const inside = m.index + m[0].length > offset;
    if (!m[2]) continue;
    if (m[1]) {
      for (let k = stack.length - 1; k >= 0; k--)
        if (stack[k].tag === m[2]) {
          stack.length = k;
          break;
        }
      continue;
    }
    const tag = { tag: m[2], at: m.index, name: NAME_ATTR.exec(m[3] ?? "")?.[1] };
    if (inside) {
      own = tag;
      break;
    }
    if (!m[4]) stack.push(tag);
  }
  if (!own) own = stack.pop();
  const keyPath = stack.map((t) => t.name ?? t.tag);
  let name = own?.name;
  if (plist && own) name = PLIST_KEY.exec(text.slice(Math.max(0, own.at - 300), own.at))?.[1] ?? name;
  if (name === void 0 && own) name = own.tag;
  if (name !== void 0) keyPath.push(name);
  const structure = { keyPath, name };
  const parent = stack[stack.length - 1];
  if (parent) {
    const close = text.indexOf(`</${parent.tag}>`, offset);
    if (close > 0 && close - parent.at <= MAX_ENCLOSING) structure.enclosing = text.slice(parent.at, close + parent.tag.length + 3);
  }
  return structure;
}

// src/engine/structure/yaml.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var KEY_LINE2 = /^(\s*)(?:-\s+)?["']?([^"':#\s][^"':#]*?)["']?\s*:(?:\s|$)/;
function lineAt(text, start) {
  let end = text.indexOf("\n", start);
  if (end < 0) end = text.length;
  const body = text.slice(start, end);
  const m = KEY_LINE2.exec(body);
  const indent = /^\s*(?:-\s+)?/.exec(body)[0].length;
  return { start, end, indent: body.trim() ? indent : Infinity, key: m?.[2]?.trim() };
}
function yamlStructure(text, offset) {
  const floor = Math.max(0, offset - SCAN_LIMIT);
  const ceiling = Math.min(text.length, offset + SCAN_LIMIT);
  const own = lineAt(text, text.lastIndexOf("\n", offset - 1) + 1);
  const keyPath = [];
  let name = own.key;
  let indent = own.indent;
  let parentStart = -1;
  for (let pos = own.start; pos > floor && indent > 0; ) {
    const prev = lineAt(text, previousLineStart(text, pos));
    pos = prev.start;
    if (prev.indent < indent && prev.key) {
      if (name === void 0) name = prev.key;
      else keyPath.unshift(prev.key);
      if (parentStart < 0) parentStart = prev.start;
      indent = prev.indent;
    }
    if (pos === 0) break;
  }
  if (name !== void 0) keyPath.push(name);
  const structure = { keyPath, name };
  const siblingIndent = own.indent;
  const start = parentStart >= 0 ? parentStart : own.start;
  let end = own.end;
  for (let pos = own.end + 1; pos < ceiling; ) {
    const next = lineAt(text, pos);
    if (next.indent < siblingIndent && next.indent !== Infinity) break;
    end = next.end;
    pos = next.end + 1;
  }
  if (end - start <= MAX_ENCLOSING) structure.enclosing = text.slice(start, end);
  return structure;
}

// src/engine/structure/index.ts
var DATA = /\.(?:json|jsonc|json5|tfvars)$/i;
var MARKDOWN = /\.(?:md|mdx|markdown|rst)$/i;
var HASH_COMMENTS = /\.(?:tf|tfvars|hcl|nomad|php|py|rb)$/i;
function structureAt(text, path, offset) {
  switch (structureFormat(path)) {
    case "braces":
      return { ...bracesStructure(text, offset, { hashComments: HASH_COMMENTS.test(path), backtickStrings: !MARKDOWN.test(path) }), code: !DATA.test(path) };
    case "yaml":
      return { ...yamlStructure(text, offset), code: false };
    case "xml":
      return { ...xmlStructure(text, offset, false), code: false };
    case "plist":
      return { ...xmlStructure(text, offset, true), code: false };
    case "keyvalue":
      return { ...keyValueStructure(text, offset), code: false };
    default:
      return void 0;
  }
}

// src/engine/context.ts
var CONTEXT_LINES = 20;
var MAX_PREFIX = 300;
var ASSIGNMENT = /([A-Za-z_$][\w$.-]*)["'`\]]?\s*(?::=|=>|\+=|=|:)\s*(?:["'`]|\b[A-Za-z]+\()?[^"'`\s]*$/;
function lineBounds(text, offset) {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  let end = text.indexOf("\n", offset);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === "\r") end--;
  return { start, end };
}
function assignedName(text, offset) {
  const { start } = lineBounds(text, offset);
  const prefix = text.slice(Math.max(start, offset - MAX_PREFIX), offset);
  const m = ASSIGNMENT.exec(prefix);
  if (!m) return void 0;
  return m[1];
}
function matchContext(text, start, path) {
  const bounds = lineBounds(text, start);
  let windowStart = bounds.start;
  for (let i = 0; i < CONTEXT_LINES && windowStart > 0; i++) {
    windowStart = text.lastIndexOf("\n", windowStart - 2) + 1;
  }
  const structure = path === void 0 ? void 0 : structureAt(text, path, start);
  const context = {
    line: text.slice(bounds.start, bounds.end),
    window: text.slice(Math.max(windowStart, bounds.start - 4e3), bounds.end),
    name: structure?.name ?? assignedName(text, start)
  };
  if (structure) {
    context.structure = structure;
    if (structure.code) context.imports = importLines(text);
  }
  return context;
}
var IMPORT_LINE = /^[ \t]*(?:import\b|from[ \t]+\S+[ \t]+import\b|export\b[^\n]*\bfrom\b|(?:const|let|var)\b[^\n]*\brequire\(|require\(|@import\b|<script\b[^\n]*\bsrc=|using[ \t]|#include\b)[^\n]*/gm;
var IMPORTS_SPAN = 4e3;
var lastImports;
function importLines(text) {
  if (lastImports?.text !== text) lastImports = { text, imports: text.slice(0, IMPORTS_SPAN).match(IMPORT_LINE)?.join("\n") ?? "" };
  return lastImports.imports;
}
var BROWSER_ENV_PREFIX = /(?:^|[.[\s"'])(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|GATSBY_|VUE_APP_|PUBLIC_)\w*$/;
var USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use client["']/;
var FRONTEND_PUBLIC_DIR = /(?:^|\/)public\//;
function browserExposure(path, text, name) {
  const env = name ? BROWSER_ENV_PREFIX.exec(name) : null;
  if (env) return `the ${env[1]} prefix bundles it into browser code`;
  if (USE_CLIENT.test(text.slice(0, 2e3))) return 'this "use client" module runs in the browser';
  if (FRONTEND_PUBLIC_DIR.test(path)) return "files under public/ are served to every visitor";
  return void 0;
}
var TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|testdata|test-data|mocks?|__mocks__|examples?|samples?)\/|\.(?:test|spec)\.[A-Za-z]+$|(?:^|\/)(?:examples?|samples?)[-_.][^/]*$/;
function isTestPath(path) {
  return TEST_PATH.test(path);
}

// src/engine/classify.ts
var SECRET_NAME = /secret|private|server|admin|service[_-]?role/i;
var PUBLIC_NAME = /publishable|public|client|browser|anon/i;
var PUBLISHABLE_NAME = /publishable/i;
function holds(cond, input) {
  const { context, path, claims } = input;
  if (cond.name && !(context.name !== void 0 && cond.name.test(context.name))) return false;
  if (cond.context && !cond.context.test(surroundings(context))) return false;
  if (cond.line && !cond.line.test(context.line)) return false;
  if (cond.path && !cond.path.test(path)) return false;
  if (cond.claims) {
    if (!claims) return false;
    for (const [k, v] of Object.entries(cond.claims)) if (String(claims[k]) !== v) return false;
  }
  return true;
}
function surroundings(context) {
  const structure = context.structure;
  if (structure?.enclosing === void 0) return context.window;
  if (!structure.code) return `${context.line}
${structure.enclosing}`;
  return [context.imports ?? "", paragraphBefore(context.window), structure.enclosing].join("\n");
}
function paragraphBefore(window) {
  const lines = window.split("\n");
  let first = lines.length - 1;
  while (first > 0 && lines[first - 1].trim() !== "") first--;
  return lines.slice(first).join("\n");
}
function classify(input) {
  const { rule, path, text, context } = input;
  const matched = rule.when.find((cond) => holds(cond, input));
  let kind = matched?.kind ?? rule.kind;
  let severity = matched?.severity ?? (matched?.kind && matched.kind !== rule.kind ? defaultSeverity(kind) : rule.severity);
  let reason = matched?.reason ?? rule.reason;
  const byClaims = supabaseByRole(input.claims);
  if (byClaims) ({ kind, severity, reason } = byClaims);
  else if (kind === "secret" && rule.generic && context.name && PUBLISHABLE_NAME.test(context.name) && !SECRET_NAME.test(context.name)) {
    kind = "publishable";
    severity = "info";
    reason = `assigned to ${context.name}, which names a publishable key: it ships to clients by design (make sure the matching secret key is not also in client code)`;
  }
  if (kind === "secret") {
    const exposure = browserExposure(path, text, context.name);
    if (exposure) {
      severity = "critical";
      reason = `${reason}; ${exposure}, so every visitor can read it: revoke it and move it server-side`;
    }
  } else if (context.name && SECRET_NAME.test(context.name) && !PUBLIC_NAME.test(context.name)) {
    severity = "low";
    reason = `${reason}; but it is assigned to ${context.name}, which expects a secret: a publishable key cannot do a secret key's job, so the wrong key was likely pasted`;
  }
  return { kind, severity, reason };
}
function defaultSeverity(kind) {
  return kind === "secret" ? "high" : "info";
}

// src/engine/regex.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/inline-flags.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/rule-schema.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/lazy-zod.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/verify-spec.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/validators/index.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/validators/base62-crc32.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/base62.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function toBase62(n, width) {
  let s = "";
  let v = Math.floor(n);
  while (v > 0) {
    s = BASE62_ALPHABET[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, "0");
}

// src/engine/crc32.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(text) {
  const bytes = new TextEncoder().encode(text);
  let crc = 4294967295;
  for (const b of bytes) crc = TABLE[(crc ^ b) & 255] ^ crc >>> 8;
  return (crc ^ 4294967295) >>> 0;
}

// src/engine/validators/base62-crc32.ts
var BODY = 30;
var CHECK = 6;
function base62Crc32(token) {
  if (token.length < BODY + CHECK) return { valid: false, note: "too short for a checksummed token" };
  const body = token.slice(-(BODY + CHECK), -CHECK);
  const check = token.slice(-CHECK);
  if (!/^[0-9A-Za-z]+$/.test(body + check)) return { valid: false, note: "not base62" };
  const expected = toBase62(crc32(body), CHECK);
  return expected === check ? { valid: true, note: "CRC-32 checksum matches" } : { valid: false, note: "CRC-32 checksum does not match (not a real token)" };
}

// src/engine/validators/bech32.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
var GENERATOR = [996825010, 642813549, 513874426, 1027748829, 705979059];
function polymod(values) {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (chk & 33554431) << 5 ^ v;
    for (let i = 0; i < 5; i++) if (top >>> i & 1) chk ^= GENERATOR[i];
  }
  return chk >>> 0;
}
function hrpExpand(hrp) {
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
}
function bech32(value) {
  const s = value.toLowerCase();
  const sep2 = s.lastIndexOf("1");
  if (sep2 < 1) return { valid: false, note: "no bech32 separator" };
  const data = [...s.slice(sep2 + 1)].map((c) => CHARSET.indexOf(c));
  if (data.length < 6 || data.some((d) => d < 0)) return { valid: false, note: "not bech32 characters" };
  return polymod([...hrpExpand(s.slice(0, sep2)), ...data]) === 1 ? { valid: true, note: "Bech32 checksum matches" } : { valid: false, note: "Bech32 checksum does not match" };
}

// src/engine/validators/jwt.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function decodeSegment(segment) {
  const json = Buffer.from(segment, "base64url").toString("utf8");
  return JSON.parse(json);
}
function jwt(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return { valid: false, note: "not three dot-separated segments" };
  try {
    const header = decodeSegment(parts[0]);
    const payload = decodeSegment(parts[1]);
    if (!isObject(header) || typeof header.alg !== "string") return { valid: false, note: "header has no alg" };
    if (!isObject(payload)) return { valid: false, note: "payload is not a JSON object" };
    if (header.alg.toLowerCase() === "none") return { valid: false, note: "unsigned JWT (alg none)" };
    if ((parts[2] ?? "").length < 16) return { valid: false, note: "signature too short" };
    if (!Object.keys(payload).some((k) => SUBJECT_OR_LIFETIME.test(k)))
      return { valid: false, note: "no claim naming a subject, issuer, audience, scope or lifetime: a demo token" };
    return { valid: true, note: "decodes as a signed JWT", claims: payload };
  } catch {
    return { valid: false, note: "segments are not base64url JSON" };
  }
}
var SUBJECT_OR_LIFETIME = /^(?:iss|sub|aud|exp|nbf|iat|jti|azp|scp|tid|oid|ref)$|role|scope|user|uid|account|tenant|org|client|email|session|team|project|perm|grant|auth|id$|Id$|_id$/i;
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// src/engine/validators/private-key.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var HEADER = /-----BEGIN ([A-Z0-9 _-]*?)-----/;
var FOOTER = /-----END [A-Z0-9 _-]*?-----/;
var ARMOR_HEADER = /^[A-Za-z][\w-]*:\s/;
var BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
var OPENSSH_MAGIC = "openssh-key-v1\0";
var MIN_DER_BYTES = 40;
function pemBody(pem) {
  const header = HEADER.exec(pem);
  if (!header) return void 0;
  const afterHeader = pem.slice(header.index + header[0].length);
  const footer = FOOTER.exec(afterHeader);
  const inner = (footer ? afterHeader.slice(0, footer.index) : afterHeader).replace(/\\r|\\n/g, "\n");
  let encrypted = false;
  const parts = [];
  for (const raw of inner.split("\n")) {
    const line = raw.trim().replace(/^\+?\s*["'`]/, "").replace(/["'`]\s*[+,;)]*$|\s*\\$/, "");
    if (/^[\s+,;()]*$/.test(line)) continue;
    if (ARMOR_HEADER.test(line)) {
      if (/ENCRYPTED/i.test(line)) encrypted = true;
      continue;
    }
    if (/^=[A-Za-z0-9+/]{4}$/.test(line)) continue;
    parts.push(line);
  }
  const body = parts.join("");
  if (!BASE64.test(body)) return void 0;
  return { label: header[1], body, encrypted };
}
function derLength(bytes) {
  if (bytes.length < 2) return void 0;
  const first = bytes[1];
  if (first < 128) return 2 + first;
  const n = first & 127;
  if (n === 0 || n > 4 || bytes.length < 2 + n) return void 0;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i];
  return 2 + n + len;
}
function privateKey(pem) {
  const parsed = pemBody(pem);
  if (!parsed) return { valid: false, note: "the PEM body is not base64" };
  const bytes = Buffer.from(parsed.body, "base64");
  if (parsed.label.includes("OPENSSH")) {
    return bytes.subarray(0, OPENSSH_MAGIC.length).toString("latin1") === OPENSSH_MAGIC ? { valid: true, note: "decodes to an OpenSSH private key" } : { valid: false, note: "no openssh-key-v1 header in the body" };
  }
  if (parsed.label.includes("PGP")) {
    return bytes.length >= MIN_DER_BYTES && (bytes[0] & 128) !== 0 ? { valid: true, note: "decodes to an OpenPGP packet" } : { valid: false, note: "the body is not an OpenPGP packet" };
  }
  if (parsed.encrypted) {
    return bytes.length >= MIN_DER_BYTES ? { valid: true, note: "an encrypted PEM private key" } : { valid: false, note: "too short for an encrypted key" };
  }
  if (bytes.length < MIN_DER_BYTES) return { valid: false, note: `${bytes.length} bytes: too short for a private key` };
  if (bytes[0] !== 48) return { valid: false, note: "the body is not a DER SEQUENCE" };
  const declared = derLength(bytes);
  if (declared === void 0) return { valid: false, note: "the body is not DER" };
  if (declared > bytes.length) return { valid: false, note: `truncated: the DER header declares ${declared} bytes, the body holds ${bytes.length}` };
  const innerTag = bytes[2 + (bytes[1] < 128 ? 0 : bytes[1] & 127)];
  if (innerTag !== 2 && innerTag !== 48) return { valid: false, note: "the DER SEQUENCE does not open with a version or algorithm" };
  return { valid: true, note: "decodes to a DER private key structure" };
}

// src/engine/validators/jwk.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var MEMBER = /["']?([A-Za-z]\w*)["']?\s*:\s*["']([^"'\n]*)["']/g;
var BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
var PRIVATE_MEMBER = {
  RSA: { member: "d", min: 86 },
  EC: { member: "d", min: 32 },
  OKP: { member: "d", min: 32 },
  oct: { member: "k", min: 16 }
};
function jwk(object) {
  const members = /* @__PURE__ */ new Map();
  for (const m of object.matchAll(MEMBER)) if (!members.has(m[1])) members.set(m[1], m[2]);
  const kty = members.get("kty");
  const want = kty === void 0 ? void 0 : PRIVATE_MEMBER[kty];
  if (!want) return { valid: false, note: `not a JWK key type (kty ${kty ?? "missing"})` };
  const value = members.get(want.member);
  if (value === void 0) return { valid: false, note: `a public ${kty} JWK (no "${want.member}" member): published by design` };
  if (!BASE64URL.test(value) || value.length < want.min) return { valid: false, note: `the "${want.member}" member is not ${want.min}+ base64url characters` };
  return { valid: true, note: `a private ${kty} JWK (it holds "${want.member}")`, claims: { kty } };
}

// src/engine/validators/nkey.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
var PREFIX_BYTE_SEED = 18 << 3;
var SEED_TYPES = { [20 << 3]: "user", [0]: "account", [14 << 3]: "operator", [13 << 3]: "server", [2 << 3]: "cluster" };
function crc16Xmodem(bytes) {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 32768 ? (crc << 1 ^ 4129) & 65535 : crc << 1 & 65535;
  }
  return crc;
}
function base32Decode(text) {
  const out = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return void 0;
    value = value << 5 | v;
    bits += 5;
    if (bits >= 8) {
      out.push(value >>> bits - 8 & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}
function nkeySeed(value) {
  const raw = base32Decode(value);
  if (!raw || raw.length !== 36) return { valid: false, note: "not a 36-byte base32 nkey" };
  const b1 = raw[0];
  const b2 = raw[1];
  if ((b1 & 248) !== PREFIX_BYTE_SEED) return { valid: false, note: "not an nkey seed prefix" };
  const type = SEED_TYPES[(b1 & 7) << 5 | (b2 & 248) >> 3];
  if (!type) return { valid: false, note: "unknown nkey seed type" };
  const crc = raw[34] | raw[35] << 8;
  return crc === crc16Xmodem(raw.subarray(0, 34)) ? { valid: true, note: `nkey CRC-16 matches (${type} seed)` } : { valid: false, note: "nkey CRC-16 does not match" };
}

// src/engine/validators/index.ts
var VALIDATORS = {
  "github-crc32": base62Crc32,
  "npm-crc32": base62Crc32,
  "base62-crc32": base62Crc32,
  jwt,
  bech32,
  "private-key": privateKey,
  jwk,
  "nkey-seed": nkeySeed
};

// src/engine/scanner.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/derived/index.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/derived/kubernetes-secret.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/derived/encoded.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/entropy.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function shannonEntropy(value) {
  if (value.length === 0) return 0;
  const counts = /* @__PURE__ */ new Map();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = [...value].length;
  for (const c of counts.values()) {
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// src/engine/derived/encoded.ts
var MIN_BASE64 = 16;
var MIN_HEX = 32;
var MAX_ENCODED = 8192;
var MAX_DECODE_DEPTH = 2;
var JSON_STRING_RUN = /\{\\"(?:[^"\\\n]|\\.)*/g;
var LOWER = 1;
var UPPER = 2;
var DIGIT = 4;
var B64_SYMBOL = 8;
var URL_SYMBOL = 16;
var PAD = 32;
var PERCENT = 64;
var URL_ONLY = 128;
var NOT_HEX = 256;
var CLASS = new Uint16Array(65536);
for (let c = 97; c <= 122; c++) CLASS[c] = c > 102 ? LOWER | NOT_HEX : LOWER;
for (let c = 65; c <= 90; c++) CLASS[c] = c > 70 ? UPPER | NOT_HEX : UPPER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
CLASS[43] = CLASS[47] = B64_SYMBOL;
CLASS[45] = CLASS[95] = URL_SYMBOL;
CLASS[61] = PAD;
CLASS[37] = PERCENT;
CLASS[126] = URL_ONLY;
function inRun(text, i) {
  const k = CLASS[text.charCodeAt(i)];
  return k !== 0 && !(k === PAD && i + 1 < text.length && CLASS[text.charCodeAt(i + 1)] & ~PAD);
}
function encodedRuns(text) {
  const runs = [];
  for (let probe = 0; probe < text.length; probe += MIN_BASE64) {
    if (!inRun(text, probe)) continue;
    let start = probe;
    while (start > 0 && inRun(text, start - 1)) start--;
    let end = probe + 1;
    while (end < text.length && inRun(text, end)) end++;
    if (end - start >= MIN_BASE64 && end - start <= MAX_ENCODED) {
      let classes = 0;
      for (let i = start; i < end; i++) classes |= CLASS[text.charCodeAt(i)];
      runs.push({ start, end, classes });
    }
    probe = Math.max(probe, Math.floor(end / MIN_BASE64) * MIN_BASE64);
  }
  return runs;
}
var RUN_CHARACTERS = Array.from({ length: 128 }, (_, c) => c).filter((c) => CLASS[c] !== 0).map((c) => `\\x${c.toString(16).padStart(2, "0")}`).join("");
var QUOTE = new RegExp(`["'\`](?=[${RUN_CHARACTERS}]{${MIN_BASE64}})`, "g");
function quotedRuns(text) {
  const runs = [];
  QUOTE.lastIndex = 0;
  while (QUOTE.test(text)) {
    const start = QUOTE.lastIndex;
    let end = start;
    let classes = 0;
    while (end < text.length && end - start <= MAX_ENCODED && inRun(text, end)) classes |= CLASS[text.charCodeAt(end++)];
    if (end - start >= MIN_BASE64 && end - start <= MAX_ENCODED) runs.push({ start, end, classes });
  }
  return runs;
}
function candidateEncoding(text, run2) {
  const { classes } = run2;
  if (classes & PERCENT) return classes & (LOWER | UPPER | DIGIT) ? "percent" : void 0;
  if (classes & URL_ONLY) return void 0;
  if (run2.end - run2.start >= MIN_HEX && !(classes & (NOT_HEX | B64_SYMBOL | URL_SYMBOL | PAD))) return "hex";
  if (!(classes & LOWER) || !(classes & (UPPER | DIGIT))) return void 0;
  return startsWithText(text, run2.start, run2.end) ? "base64" : void 0;
}
function printableText(text) {
  if (text.includes("\0") || text.includes("\uFFFD")) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 10 && c !== 13 && c !== 9) bad++;
  }
  return bad * 20 <= text.length;
}
var BASE64_VALUE = new Int8Array(128).fill(-1);
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".split("").forEach((ch, i) => BASE64_VALUE[ch.charCodeAt(0)] = i);
BASE64_VALUE[43] = BASE64_VALUE[45] = 62;
BASE64_VALUE[47] = BASE64_VALUE[95] = 63;
var textByte = (b) => b >= 32 && b < 127 || b === 9 || b === 10 || b === 13;
function startsWithText(text, start = 0, end = text.length) {
  const n = Math.min(12, end - start);
  for (let i = start; i + 4 <= start + n; i += 4) {
    const v = BASE64_VALUE[text.charCodeAt(i)] << 18 | BASE64_VALUE[text.charCodeAt(i + 1)] << 12 | BASE64_VALUE[text.charCodeAt(i + 2)] << 6 | BASE64_VALUE[text.charCodeAt(i + 3)];
    if (v < 0 || !textByte(v >>> 16) || !textByte(v >>> 8 & 255) || !textByte(v & 255)) return false;
  }
  return true;
}
function decodeBase64(value) {
  const body = value.replace(/=+$/, "");
  if (body.length % 4 === 1 || /=/.test(body) || !startsWithText(body)) return void 0;
  if (/[+/]/.test(body) && /[-_]/.test(body)) return void 0;
  if (!/[a-z]/.test(body) || !/[A-Z0-9]/.test(body)) return void 0;
  if (shannonEntropy(body) < 3.5) return void 0;
  const text = Buffer.from(body, /[-_]/.test(body) ? "base64url" : "base64").toString("utf8");
  return printableText(text) ? text : void 0;
}
function decodeHex(value) {
  if (value.length % 2 !== 0) return void 0;
  const text = Buffer.from(value, "hex").toString("utf8");
  return printableText(text) && /[A-Za-z]{3}/.test(text) ? text : void 0;
}
function decodePercent(value) {
  try {
    const text = decodeURIComponent(value.replace(/\+/g, " "));
    return text !== value && printableText(text) ? text : void 0;
  } catch {
    return void 0;
  }
}
var JSON_ESCAPES = { n: "\n", r: "\r", t: "	", '"': '"', "'": "'", "\\": "\\", "/": "/", b: "\b", f: "\f" };
function decodeJsonString(value) {
  const text = value.replace(
    /\\(u[0-9a-fA-F]{4}|.)/g,
    (m, e) => e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : JSON_ESCAPES[e] ?? m
  );
  return text !== value ? text : void 0;
}
var DECODERS = { base64: decodeBase64, hex: decodeHex, percent: decodePercent, "json-string": decodeJsonString };
var MINIFIED_LINE_LENGTH = 1e3;
function minified(text) {
  if (text.length < MINIFIED_LINE_LENGTH * 4) return false;
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0 && lines * MINIFIED_LINE_LENGTH < text.length; i = text.indexOf("\n", i + 1)) lines++;
  return lines * MINIFIED_LINE_LENGTH < text.length;
}
function decodedValues(text, depth = 1, where = "anywhere") {
  if (depth === 1 && minified(text)) return [];
  const candidates = [];
  for (const run2 of where === "strings" ? quotedRuns(text) : encodedRuns(text)) {
    const encoding = candidateEncoding(text, run2);
    if (encoding) candidates.push({ start: run2.start, end: run2.end, encoding });
  }
  if (text.includes('{\\"')) {
    for (const m of text.matchAll(JSON_STRING_RUN))
      candidates.push({ start: m.index, end: m.index + Math.min(m[0].length, MAX_ENCODED), encoding: "json-string" });
  }
  const out = [];
  for (const { start, end, encoding } of candidates) {
    const decoded = DECODERS[encoding](text.slice(start, end));
    if (decoded === void 0 || decoded.trim().length < 8) continue;
    out.push({ start, end, text: decoded, encodings: [encoding] });
    if (depth < MAX_DECODE_DEPTH)
      for (const deeper of decodedValues(decoded, depth + 1)) out.push({ start, end, text: deeper.text, encodings: [encoding, ...deeper.encodings] });
  }
  return out;
}
var SOURCE_CODE = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|kts|scala|groovy|cs|fs|vb|php|rs|swift|dart|c|cc|cpp|cxx|h|hh|hpp|m|mm|lua|pl|pm|r|ex|exs|erl|clj|hs|ml|vue|svelte)$/i;
function assignmentBefore(text, start) {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const prefix = text.slice(lineStart, start);
  return /[=:]\s*["'`]?$/.test(prefix) && prefix.length <= 200 ? prefix.trimStart() : "";
}
function encodedValues(chunk, worthScanning) {
  const out = [];
  for (const d of decodedValues(chunk.text, 1, SOURCE_CODE.test(chunk.path) ? "strings" : "anywhere")) {
    const text = `${assignmentBefore(chunk.text, d.start)}${d.text}
`;
    if (worthScanning(text))
      out.push({ chunk: { path: chunk.path, text }, origin: { start: d.start, end: d.end }, note: `decoded: ${d.encodings.join(", ")}`, decoded: d.encodings });
  }
  return out;
}

// src/engine/derived/kubernetes-secret.ts
var SECRET_KIND = /^kind:\s*["']?Secret["']?\s*$/m;
var DATA_ENTRY = /^([ \t]+)([\w.-]+):[ \t]*["']?([A-Za-z0-9+/]{4,}={0,2})["']?[ \t]*$/;
var STRING_DATA_ENTRY = /^([ \t]+)([\w.-]+):[ \t]*["']?([^\s"'#][^"'#]*?)["']?[ \t]*$/;
var SECRETISH = /pass|pwd|secret|token|key|credential/i;
var METADATA_KEY = /(?:user(?:name)?|login|host(?:name)?|port|url|uri|endpoint|server|database|db|name|region|email|bucket|namespace)$/i;
function kubernetesSecretValues(chunk) {
  if (!/\.(?:ya?ml|json)$/i.test(chunk.path) || !SECRET_KIND.test(chunk.text)) return [];
  const out = [];
  const separators = [...chunk.text.matchAll(/^---[^\n]*$/gm)].map((m) => m.index);
  const bounds = [0, ...separators, chunk.text.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const doc = chunk.text.slice(bounds[i], bounds[i + 1]);
    if (SECRET_KIND.test(doc)) out.push(...decodeDataBlock(chunk.path, doc, bounds[i]));
  }
  return out;
}
function decodeDataBlock(path, doc, base) {
  const out = [];
  const lines = doc.split("\n");
  let pos = 0;
  let inData = false;
  let plain = false;
  let dataIndent = -1;
  for (const line of lines) {
    const lineStart = pos;
    pos += line.length + 1;
    const block = /^(data|stringData):\s*$/.exec(line);
    if (block) {
      inData = true;
      plain = block[1] === "stringData";
      dataIndent = -1;
      continue;
    }
    if (!inData) continue;
    if (/^\S/.test(line)) {
      inData = false;
      continue;
    }
    const m = (plain ? STRING_DATA_ENTRY : DATA_ENTRY).exec(line.replace(/\r$/, ""));
    if (!m) continue;
    const indent = m[1].length;
    if (dataIndent < 0) dataIndent = indent;
    if (indent !== dataIndent) continue;
    const value = plain ? m[3] : Buffer.from(m[3], "base64").toString("utf8");
    if (!printableText(value) || value.trim().length < 4) continue;
    const valueStart = base + lineStart + line.indexOf(m[3], m[1].length + m[2].length);
    const key = SECRETISH.test(m[2]) || METADATA_KEY.test(m[2]) ? m[2] : `${m[2]}_secret`;
    out.push({
      chunk: { path, text: `${key}: ${value}
` },
      origin: { start: valueStart, end: valueStart + m[3].length },
      note: plain ? `the value of stringData.${m[2]} in this Kubernetes Secret` : `decoded from the base64 value of data.${m[2]} in this Kubernetes Secret`,
      ...!plain && { decoded: ["base64"] }
    });
  }
  return out;
}

// src/engine/derived/notebook.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var ESCAPES = { n: "\n", r: "\r", t: "	", '"': '"', "'": "'", "\\": "\\", "/": "/" };
function unescapeNotebook(chunk) {
  if (!chunk.path.endsWith(".ipynb")) return void 0;
  const src = chunk.text;
  let text = "";
  const origin = [];
  for (let i = 0; i < src.length; i++) {
    const next = src[i + 1];
    if (src[i] === "\\" && next !== void 0 && ESCAPES[next] !== void 0) {
      text += next === "n" || next === "r" ? " " : ESCAPES[next];
      origin.push(i);
      i++;
    } else {
      text += src[i];
      origin.push(i);
    }
  }
  origin.push(src.length);
  return { chunk: { path: chunk.path, text }, toOriginal: (offset) => origin[Math.min(offset, origin.length - 1)] };
}

// src/engine/confidence.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var EXAMPLE_PATH = /(?:^|\/)(?:tests?|specs?)\.[A-Za-z]+$|(?:^|\/)(?:e2e|integration[-_]?tests?|test[-_]?apps?|test[-_]?applications?|[\w.-]+[-_]tests?|tests?[-_][\w.-]+|cassettes?|__fixtures__|docs?\/examples?|snippets?)\/|\.examples?\.(?:json|ya?ml|[cm]?[jt]sx?)$/i;
var EXAMPLE_COMMENT = /(?:\/\/|\/\*|^\s*\*|#|<!--|"""|''')[^\n]*(?:\bfor example\b|\be\.g\.|@example\b|\bexample:|\bsample:|\bfor instance\b|\blooks? (?:something )?like(?: this)?:|\bsuch as:)/im;
var COMMENT_LINES = 4;
function introducedAsExample(text, start) {
  const { start: lineStart, end } = lineBounds(text, start);
  let from = lineStart;
  for (let i = 0; i < COMMENT_LINES && from > 0; i++) from = text.lastIndexOf("\n", from - 2) + 1;
  return EXAMPLE_COMMENT.test(text.slice(from, end));
}
function isExamplePath(path) {
  return isTestPath(path) || EXAMPLE_PATH.test(path);
}
var WORD_WITH_SUFFIX = /^(?:[a-z]+|[A-Z][a-z]+|[A-Z]+)[-_.]?\d*[!@#$%^&*?.]*$/;
var UNLEET = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s" };
function weakLooking(secret) {
  if (secret.length < 8 || WORD_WITH_SUFFIX.test(secret)) return true;
  const stem = secret.replace(/[\d!@#$%^&*?._-]+$/, "");
  const unleet = [...stem].map((ch) => UNLEET[ch] ?? ch).join("");
  return stem.length >= 4 && WORD_WITH_SUFFIX.test(unleet) && /[a-z]{3}/i.test(unleet);
}
var DOCS_FILE = /\.(?:md|mdx|markdown|rst|adoc|asciidoc)$/i;
var ORDER = ["low", "medium", "high"];
var lower = (a, b) => ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b;
function confidenceOf(input) {
  const { rule, path, text, start } = input;
  let c = input.validation?.valid ? "high" : rule.generic ? "medium" : "high";
  if (input.weak) c = lower(c, rule.weakConfidence ?? "low");
  else if (rule.generic && weakLooking(input.secret)) c = "low";
  if (rule.confidence) c = lower(c, rule.confidence);
  if (isExamplePath(path) || introducedAsExample(text, start)) c = "low";
  if (rule.generic && DOCS_FILE.test(path)) c = "low";
  return c;
}

// src/engine/false-alarms.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var LOCKFILE = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.ya?ml|bun\.lockb?|Cargo\.lock|poetry\.lock|Pipfile\.lock|uv\.lock|Gemfile\.lock|composer\.lock|go\.sum|packages\.lock\.json|gradle\.lockfile|mix\.lock|pubspec\.lock|Podfile\.lock|Package\.resolved|flake\.lock)$/;
var VERSION = /^(?:[~^]|[<>]=?|=)?v?\d+(?:\.(?:\d+|x|\*)){1,3}(?:[-+][\w.-]+)?$/;
var POSITION_TOKEN_NAME = /(?:next|prev(?:ious)?|page|paging|pagination|continuation|resume|idempotency|idempotent|cursor|sync|start(?:ing)?|change|batch|csrf|xsrf|input|output)[_-]?token$|continuation|cursor|marker$/i;
var CALL_REFERENCE = /^[\w.$]*(?:env|secret|secrets|vault|getenv|var|lookup|config|param|parameter|ssm|file)\([^)]*\)?$/i;
var REDACTION = /^[[<({]?(?:filtered|redacted|masked|hidden|removed|omitted|scrubbed|sanitized|obfuscated|secret|sensitive|private|censored)[\])}>]?$/i;
var BRACKETED_NAME = /^(?:\[[A-Za-z][\w .-]*\]|\([A-Za-z][\w .-]*\))$/;
var CALL_EXPRESSION = /^[A-Za-z_$][\w$]*(?:[.:]{1,2}[A-Za-z_$][\w$]*)*\([^()]*\)$/;
var NAMESPACED = /^\\?[A-Za-z_$][\w$]*(?:(?:::|\\|->)[A-Za-z_$][\w$]*)+$|^[A-Za-z_]{3,}(?:#[A-Za-z_]{3,})+$/;
var CAMEL_IDENTIFIER = /^[a-z]{2,}(?:[A-Z][a-z0-9]*){2,}$/;
var PROPERTY_ACCESS = /^(?:this|self)(?:\.[A-Za-z_$][\w$]*)+$|^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z_$]*)+$/;
var CONCATENATION_GAP = /^\s*(?:\+|\.\s*\$?|&)\s*[\w$.[\]()'"-]+\s*(?:\+|\.|&)\s*$/;
var CODE_FRAGMENT = /^\+[A-Za-z_$]|\|\||&&|=>|\)[,;{}]|\(\)[;,.]/;
var QUERY_PATH = /\[\]|\[\*\]|\[\?|\[-?\d+\]\.|^\$\.[A-Za-z_]|\|\s*[a-z_]+\(/;
var MARKUP = /<\/?[A-Za-z][\w-]*(?:[\s>/]|$)|&(?:lt|gt|quot|amp|apos|nbsp|#\d+);/;
function base64OfPlainWords(secret) {
  if (secret.length < 12 || !/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || secret.length % 4 !== 0) return false;
  const decoded = Buffer.from(secret, "base64").toString("latin1");
  if (!/^[\x20-\x7e]+$/.test(decoded)) return false;
  if (decoded.includes(":")) return false;
  const words = decoded.match(/[A-Za-z]{2,}/g) ?? [];
  const letters = words.reduce((n, w) => n + w.length, 0);
  return words.length >= 2 && letters >= 0.75 * decoded.replace(/\s/g, "").length && /\s|[a-z][A-Z]|[_-]/.test(decoded);
}
function identifierWords(secret) {
  if (!CAMEL_IDENTIFIER.test(secret)) return false;
  const parts = secret.match(/[A-Z]?[a-z]+/g) ?? [];
  return parts.length >= 3 && parts.reduce((n, p) => n + p.length, 0) / parts.length >= 3.5;
}
var SAMPLE_PREFIX = /^(?:my|your|the|some|example|sample|test|dummy|fake)/;
function repeatsName(secret, name) {
  const norm = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const value = norm(secret);
  const key = norm(name.split(".").pop() ?? name);
  if (key.length < 4) return false;
  return value === key || value.replace(SAMPLE_PREFIX, "") === key;
}
function commentedReference(text, start, secret) {
  const { start: ls } = lineBounds(text, start);
  const before = text.slice(ls, start);
  return /^\s*(?:#|\/\/|--|;|\*)/.test(before) && /\$\{|env\(|\benv\b/i.test(before + secret);
}
function notACredentialReason(secret, path, text, start) {
  if (LOCKFILE.test(path)) return "a lockfile lists packages and versions, not credentials";
  if (VERSION.test(secret)) return "a version number";
  if (CALL_REFERENCE.test(secret)) return "a reference resolved elsewhere (env(), secret(), vault())";
  if (REDACTION.test(secret)) return "a redaction marker";
  if (BRACKETED_NAME.test(secret)) return "a name in brackets standing in for a value";
  if (CALL_EXPRESSION.test(secret) || NAMESPACED.test(secret) || PROPERTY_ACCESS.test(secret) || identifierWords(secret))
    return "an identifier, call or namespaced name, not a literal";
  if (CONCATENATION_GAP.test(secret) || CODE_FRAGMENT.test(secret)) return "the code between two string literals";
  if (QUERY_PATH.test(secret)) return "a JMESPath or JSONPath query";
  if (MARKUP.test(secret)) return "an HTML or XML fragment";
  if (base64OfPlainWords(secret)) return "base64 of plain words";
  if (commentedReference(text, start, secret)) return "a commented-out reference to the environment";
  const name = assignedName(text, start);
  if (name && repeatsName(secret, name)) return `the value repeats its own name (${name}), a sample`;
  if (name && POSITION_TOKEN_NAME.test(name)) return `${name} names a position in a listing or a retry, not a credential`;
  return void 0;
}

// src/engine/finding-secret.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/fingerprint.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { createHash } from "node:crypto";
function fingerprint(ruleId, secret) {
  return createHash("sha256").update(ruleId).update("\0").update(secret).digest("hex").slice(0, 32);
}

// src/engine/redact.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function redact(secret, prefixLength = 4) {
  const chars = [...secret];
  const shown = Math.min(prefixLength, Math.floor(chars.length / 4));
  return `${chars.slice(0, shown).join("")}\u2026(${chars.length})`;
}

// src/engine/finding-secret.ts
function secretFacts(ruleId, secret, entropy = shannonEntropy(secret)) {
  return { fingerprint: fingerprint(ruleId, secret), redacted: redact(secret), entropy: Math.round(entropy * 100) / 100 };
}
function attachSecret(finding, secret) {
  Object.defineProperty(finding, "secret", { value: detached(secret), enumerable: false, writable: true, configurable: true });
  return finding;
}
function detached(value) {
  return (" " + value).slice(1);
}

// src/engine/line-index.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var LineIndex = class {
  constructor(text) {
    this.text = text;
  }
  text;
  starts;
  lineStarts() {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }
  position(offset) {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
};

// src/engine/placeholders.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var BUILTIN_IGNORED = /* @__PURE__ */ new Set([
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
  "pk_test_TYooMQauvdEDq54NiTphI7jx",
  "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
  "pk_test_6pRNASCoBOKtIshFeQd4XMUh",
  "xoxb-not-a-real-token-this-will-not-work",
  // Azurite / Storage Emulator well-known development key.
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
  "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  // The Telegram Bot API documentation's example token.
  "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
  // RFC 6749 (OAuth 2.0) example access and refresh tokens, copied into countless docs.
  "2YotnFZFEjr1zCsicMWpAA",
  "tGzv3JOkF0XG5Qx2TlKWIA"
]);
var PLACEHOLDER_WORDS = /example|sample|dummy|placeholder|changeme|change[_-]me|replace[_-]?me|insert[_-]?your|your[_-]?(?:own[_-]?)?(?:api|secret|access|private|app|auth|client|token|key|password|pass)|redacted|fake[_-]?(?:key|token|secret)|not[_-]?a[_-]?real|do[_-]?not[_-]?use|xxxxxx/i;
var MASKED = /\*{3,}|x{5,}|X{5,}|\.{3,}|\u2026|\u2022{2,}|#{4,}|0{10,}/;
function dominatedByRun(secret) {
  const runs = secret.match(/(.)\1{9,}/g);
  if (!runs) return false;
  return Math.max(...runs.map((r) => r.length)) >= 0.4 * secret.length;
}
var REFERENCE = /^(?:\$\{[^}]*\}?|\$[A-Za-z_][\w]*|\{\{.*\}\}|%[A-Za-z_][\w]*%|<[^>]*>?|\[[A-Z_]+\])$|^\$\{|^\{\{|^<[A-Za-z_ -]+>$/;
var TEMPLATE = /\$\{|\{[A-Za-z_][\w.]*(?:\[[^\]]*\])*(?:![rsa])?(?::[^{}]*)?\}|%\([A-Za-z_]\w*\)[sdr]/;
var REGEX_SOURCE = /\(\?(?:[:=!]|<[=!])|\\[dwsbDWSB][*+?{]|\[\^?[^\]]+\][*+?{]/;
var TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
var ENV_LOOKUP = /process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|Environment\.GetEnvironmentVariable|secrets\.|vault\(|\$\{\{\s*secrets\./;
var SECRET_WORD = /^(?:my|your|some|super|the|test|dummy|fake|default|admin|user|db|app)?(?:secret|password|passwd|pass|pwd|token|apikey|key)s?$/;
var UNLEET2 = { $: "s", "5": "s", "@": "a", "4": "a", "0": "o", "3": "e", "1": "i", "!": "i", "7": "t" };
function dressedUpSecretWord(secret) {
  const core = percentDecoded(secret).replace(/^[\W_]+/, "").replace(/[\d\W_]+$/, "");
  const letters = [...core.toLowerCase()].map((c) => UNLEET2[c] ?? c).join("").replace(/[^a-z]/g, "");
  return SECRET_WORD.test(letters) || /password|passwd|secret/.test(letters);
}
function percentDecoded(secret) {
  if (!/%[0-9A-Fa-f]{2}/.test(secret)) return secret;
  try {
    return decodeURIComponent(secret);
  } catch {
    return secret;
  }
}
function placeholderReason(secret) {
  if (BUILTIN_IGNORED.has(secret)) return "a published documentation example";
  if (PLACEHOLDER_WORDS.test(secret)) return "a placeholder word";
  if (MASKED.test(secret) || dominatedByRun(secret)) return "a masked or elided value";
  if (REFERENCE.test(secret)) return "a reference to a value stored elsewhere";
  if (TEMPLATE.test(secret)) return "built from a template at run time";
  if (TIMESTAMP.test(secret)) return "a date or time";
  if (REGEX_SOURCE.test(secret)) return "a regular expression written in code";
  if (ENV_LOOKUP.test(secret)) return "an environment lookup";
  if (lowVariety(secret)) return "too few distinct characters to be random";
  if (/0123456789|123456789|abcdefghij|ABCDEFGHIJ|qwertyuiop/.test(secret)) return "a keyboard or counting sequence";
  return void 0;
}
function lowVariety(secret) {
  const body = secret.replace(/^[a-z]{2,6}[_-]/i, "");
  if (body.length < 12) return false;
  return new Set(body).size <= Math.min(6, Math.max(3, Math.floor(body.length / 8)));
}
function identifierLike(secret) {
  const body = secret.replace(/^[^A-Za-z0-9]/, "");
  if (!/^[A-Za-z]+(?:[-_.: ][A-Za-z]+)*$/.test(body)) return false;
  const parts = body.match(/[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+/g) ?? [];
  if (parts.length < 2 || parts.some((p) => p.length < 2)) return false;
  return parts.reduce((n, p) => n + p.length, 0) / parts.length >= 3.5;
}

// src/engine/prefilter.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { isUtf8 } from "node:buffer";

// src/engine/prefilter-wasm/keyword-scan.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/prefilter-wasm/keyword-scan-wasm.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var KEYWORD_SCAN_WASM = "AGFzbQEAAAABKQdgAABgAn9/AGAEf39/fwF/YAV/f39/fwF/YAN/f38AYAF/AGABfwF/AwsKAAECAwQEBQYBAgUDAQABBo0BHH8BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALBxECBm1lbW9yeQIABHNjYW4ACQqNDArCAQBBACgCACQAQQQoAgAkAUEIKAIAJAJBDCgCACQDQRAoAgAkBEEUKAIAJAVBGCgCACQGQRwoAgAkB0EgKAIAJAhBJCgCACQJQSgoAgAkCkEsKAIAJAtBMCgCACQMQTQoAgAkDUE4KAIAJA5BPCgCACQPQcAAKAIAJBBBxAAoAgAkEUHIACgCACQSQcwAKAIAJBNB0AAoAgAkFEHUACgCACQVQdgAKAIAJBZB3AAoAgAkF0HgACgCACQYQeQAKAIAJBkLJgEBfyMZQQJ0IQIjFSACaiAANgIAIxYgAmogATYCACMZQQFqJBkLUQECfyADQbHz3fF5bEEQdiACcSEEA0AgASAEQQJ0aigCACEFIAVBAEgEQCAFDwsgACAEQQJ0aigCACADRgRAIAUPCyAEQQFqIAJxIQQMAAsAC3YBBH8jESADQQJ0aigCACEFIxAgA0ECdGooAgAhBiACIAVqIAFKBEBBAA8LIAAgAmohAAJAA0AgByAFTg0BIAAgB2otAAAhCCAERQRAIwAgCGotAAAhCAsgCCAGIAdqLQAARwRAQQAPCyAHQQFqIQcMAAsLQQEL0wIBB38gAkECSARADwsjACEJIAAgAmohCCAJIAhBAmstAABqLQAAQRB0IAkgCEEBay0AAGotAABBCHRyIAkgCC0AAGotAAByIQMjBiMHIwggAxACIQQgBEEATgRAIwkgBEECdGooAgAhBSMJIARBAnRqKAIEIQYCQANAIAUgBk4NASMKIAVBAnRqKAIAIQcjEiAHQQJ0aigCAEUgACABIAJBAmsgB0EBEANyBEAgAkECayAHEAELIAVBAWohBQwACwsLIAJBA0gEQA8LIwsjDCMNIAkgCEEDay0AAGotAABBGHQgA3IQAiEEIARBAEgEQA8LIw4gBEECdGooAgAhBSMOIARBAnRqKAIEIQYCQANAIAUgBk4NASMPIAVBAnRqKAIAIQcgACABIAJBA2sgByMSIAdBAnRqKAIAEAMEQCACQQNrIAcQAQsgBUEBaiEFDAALCwuLAQEEfwJAA0AgAyMUTg0BIxMgA0EEdGohBCABIAQoAghrQQFrIQUgAiAEKAIERiAFQQBOcSAAIAVqLQAAIAQoAgBGcQRAIAVBAWohBgJAA0AgBiABTgRAIAUgBCgCDBABDAILIwIgACAGai0AAGotAABFDQEgBkEBaiEGDAALCwsgA0EBaiEDDAALCwujAQEFfyMaIQMjGyEEAkADQCABIxlODQEjFSABQQJ0aigCACECAkADQCADIAJODQEgACADai0AACEFIAQgBUHAAXFBgAFHIAVB8AFPamohBCADQQFqIQMMAAsLAkADQCADIAJMDQEgA0EBayEDIAAgA2otAAAhBSAEIAUQB2shBAwACwsjFSABQQJ0aiAENgIAIAFBAWohAQwACwsgAyQaIAQkGwsTACAAQcABcUGAAUcgAEHwAU9qCxMAIAEEQCAAEAYLQeQAIxk2AgALpwMBC38QACMDIQojASELIwAhDCMXIxhBwABsayENIAJFBEBBACQaQQAkGwtBoMCAgQIhCSACQQRrQQAgAkEEShshBAJAA0AgBCACTg0BIAlBCHQgACAEai0AAEEgcnIhCSAEQQFqIQQMAAsLIAIhBAJAA0AgBCABTg0BIxkgDUoEQCAAIAMQCCAEDwsgBEHAAGohDiAOIAFKBEAgASEOCwNAIAAgBGotAAAhBSAJQQh0IAVBIHJyIQkgCUGx893xeWxBDHYhByAKIAdBBXZBAnRqKAIAQQEgB3RxBEAgACABIAQQBAsgCyAFai0AACEGIAYEQCAGQQFxQQBHIARBAEpxBEAjBCAMIAAgBGpBAWstAABqLQAAQQh0IAwgBWotAAByQQJ0aigCACEIIAgEQCAEQQFrIAhBAWsQAQsLIAZBBHFBAEcgBEEASnEEQCMFIAAgBGpBAWstAABBCHQgBXJBAnRqKAIAIQggCARAIARBAWsgCEEBaxABCwsgBkECcQRAIAAgBCAFEAULCyAEQQFqIQQgBCAOSA0ACwwACwsgACADEAggAQs=";

// src/engine/prefilter-wasm/keyword-scan.ts
var Field = {
  Fold: 0,
  Ends: 1,
  Token: 2,
  Filter: 3,
  Pair: 4,
  ExactPair: 5,
  TripleKeys: 6,
  TripleValues: 7,
  TripleMask: 8,
  TripleStarts: 9,
  TripleIds: 10,
  QuadKeys: 11,
  QuadValues: 12,
  QuadMask: 13,
  QuadStarts: 14,
  QuadIds: 15,
  KeywordPtr: 16,
  KeywordLength: 17,
  KeywordExact: 18,
  Anchors: 19,
  AnchorCount: 20,
  OutStarts: 21,
  OutIds: 22,
  OutCapacity: 23,
  MostPerPosition: 24,
  Count: 25
};
var HEADER_BYTES = 128;
var OUT_CAPACITY = 1 << 14;
var BLOCK = 64;
var PAGE = 1 << 16;
function grown(memory, bytes) {
  const missing = bytes - memory.buffer.byteLength;
  if (missing <= 0) return true;
  try {
    memory.grow(Math.ceil(missing / PAGE));
    return true;
  } catch {
    return false;
  }
}
var wasmApi = () => globalThis.WebAssembly;
var compiled;
function keywordScanModule() {
  if (compiled === void 0) {
    const api = wasmApi();
    try {
      compiled = api ? new api.Module(Buffer.from(KEYWORD_SCAN_WASM, "base64")) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}
function flatten(lists) {
  const starts = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => starts[i + 1] = starts[i] + list.length);
  return { starts, ids: Int32Array.from(lists.flat()) };
}
var WasmKeywordScan = class _WasmKeywordScan {
  constructor(memory, scanAt, inputAt) {
    this.memory = memory;
    this.scanAt = scanAt;
    this.inputAt = inputAt;
    this.refreshViews();
  }
  memory;
  scanAt;
  inputAt;
  bytes;
  words;
  /** The scan over `tables`, or undefined where WebAssembly cannot run. */
  static create(tables, fold, token) {
    const module = keywordScanModule();
    if (!module) return void 0;
    let instance;
    try {
      instance = new (wasmApi()).Instance(module);
    } catch {
      return void 0;
    }
    return _WasmKeywordScan.layOut(tables, fold, token, instance.exports.memory, instance.exports.scan);
  }
  /** Writes the tables into a fresh instance's memory, with the header that says where each is. */
  static layOut(tables, fold, token, memory, scan) {
    const header = new Int32Array(HEADER_BYTES / 4);
    const writes = [];
    let top = HEADER_BYTES;
    const reserve2 = (byteLength, field) => {
      const at = top;
      if (field !== void 0) header[field] = at;
      top = top + byteLength + 7 & ~7;
      return at;
    };
    const place = (data, field) => {
      const at = reserve2(data.byteLength, field);
      writes.push({ at, data });
      return at;
    };
    place(fold, Field.Fold);
    place(tables.ends, Field.Ends);
    place(token, Field.Token);
    place(tables.filter, Field.Filter);
    const pair = reserve2(tables.pairKeyword.byteLength, Field.Pair);
    const exactPair = reserve2(tables.exactPairKeyword.byteLength, Field.ExactPair);
    for (const [table, lists, keys, values, mask, starts, ids] of [
      [tables.triples, tables.tripleIds, Field.TripleKeys, Field.TripleValues, Field.TripleMask, Field.TripleStarts, Field.TripleIds],
      [tables.quads, tables.quadIds, Field.QuadKeys, Field.QuadValues, Field.QuadMask, Field.QuadStarts, Field.QuadIds]
    ]) {
      place(table.keys, keys);
      place(table.values, values);
      header[mask] = table.keys.length - 1;
      const flat = flatten(lists);
      place(flat.starts, starts);
      place(flat.ids, ids);
    }
    const keywordText = tables.keywords.join("");
    const keywordBytes = reserve2(keywordText.length);
    const lengths = Int32Array.from(tables.keywords, (k) => k.length);
    place(lengths, Field.KeywordLength);
    const pointers = new Int32Array(lengths.length);
    for (let id = 0, at = keywordBytes; id < lengths.length; at += lengths[id++]) pointers[id] = at;
    place(pointers, Field.KeywordPtr);
    place(
      Int32Array.from(tables.exact, (e) => e ? 1 : 0),
      Field.KeywordExact
    );
    place(Int32Array.from(tables.anchors.flatMap((a) => [a.open, a.close, a.gap, a.id])), Field.Anchors);
    header[Field.AnchorCount] = tables.anchors.length;
    const longest = (lists) => lists.reduce((most, list) => Math.max(most, list.length), 0);
    const mostPerPosition = longest(tables.tripleIds) + longest(tables.quadIds) + 2 + tables.anchors.length;
    const capacity = Math.max(OUT_CAPACITY, 4 * BLOCK * mostPerPosition);
    header[Field.OutStarts] = reserve2(capacity * 4);
    header[Field.OutIds] = reserve2(capacity * 4);
    header[Field.OutCapacity] = capacity;
    header[Field.MostPerPosition] = mostPerPosition;
    const inputAt = top;
    if (!grown(memory, inputAt)) return void 0;
    const bytes = new Uint8Array(memory.buffer);
    const words = new Int32Array(memory.buffer);
    bytes.set(new Uint8Array(header.buffer), 0);
    for (const { at, data } of writes) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    Buffer.from(memory.buffer, keywordBytes, keywordText.length).write(keywordText, "latin1");
    tables.keywords.forEach((k, id) => {
      const key = k.charCodeAt(0) << 8 | k.charCodeAt(1);
      if (k.length !== 2 || key > 65535) return;
      const [table, at] = tables.exact[id] ? [tables.exactPairKeyword, exactPair] : [tables.pairKeyword, pair];
      words[(at >> 2) + key] = table[key];
    });
    return new _WasmKeywordScan(memory, scan, inputAt);
  }
  /**
   * Appends every table-indexed keyword occurrence in `input` (bytes, or a string taken as
   * latin1) to `hits`. With `utf16`, `input` is valid UTF-8 and the hits' starts are given
   * in the decoded text's units. False, with `hits` untouched, when the memory cannot grow
   * to hold the input: the caller scans it another way.
   */
  scan(input, hits, reserve2, utf16 = false) {
    const n = input.length;
    if (this.inputAt + n > this.bytes.length) {
      if (!grown(this.memory, this.inputAt + n)) return false;
      this.refreshViews();
    }
    if (typeof input === "string") Buffer.from(this.memory.buffer, this.inputAt, n).write(input, "latin1");
    else this.bytes.set(input, this.inputAt);
    const words = this.words;
    const starts = words[Field.OutStarts] >> 2;
    const ids = words[Field.OutIds] >> 2;
    let from = 0;
    do {
      words[Field.Count] = 0;
      from = this.scanAt(this.inputAt, n, from, utf16 ? 1 : 0);
      const count = words[Field.Count];
      reserve2(hits, count);
      hits.starts.set(words.subarray(starts, starts + count), hits.count);
      hits.ids.set(words.subarray(ids, ids + count), hits.count);
      hits.count += count;
    } while (from < n);
    return true;
  }
  refreshViews() {
    this.bytes = new Uint8Array(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
  }
};

// src/engine/regex-span.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function indexableKeyword(k) {
  return k.length >= 2 && /^[\x00-\x7f]*$/.test(k);
}
var parser;
function regexParser() {
  if (!parser) {
    const { RegExpParser } = require_regexpp();
    parser = new RegExpParser({ ecmaVersion: 2025 });
  }
  return parser;
}
function regexSpan(re, keywords, anchor) {
  const unicode = re.flags.includes("u");
  const unicodeSets = re.flags.includes("v");
  let pattern;
  try {
    pattern = regexParser().parsePattern(re.source, 0, re.source.length, { unicode, unicodeSets });
  } catch {
    return { maxLength: Infinity, reach: Infinity, keywordInMatch: false, keywordOffset: Infinity, lineBound: false };
  }
  const ctx = { astral: unicode || unicodeSets, ignoreCase: re.flags.includes("i"), dotAll: re.flags.includes("s") };
  const needles = keywords.filter(indexableKeyword).map(keywordNeedle);
  if (anchor !== void 0) needles.push(anchorNeedle(parseAnchor(anchor)));
  const foldsBeyondAscii = ctx.ignoreCase && ctx.astral;
  const offset = needles.length > 0 && !foldsBeyondAscii ? needleOffset(pattern, needles, ctx) : void 0;
  const span = {
    maxLength: maxLength(pattern, ctx),
    reach: reach(pattern, ctx),
    keywordInMatch: offset !== void 0,
    keywordOffset: offset ?? Infinity,
    lineBound: !mayReadLineFeed(pattern, ctx)
  };
  const exact = offset !== void 0 && anchor === void 0 ? exactKeywordCase(pattern, keywords, ctx) : void 0;
  if (exact) Object.assign(span, { keywordCase: exact.keywordCase, keywordOffset: exact.offset });
  if ((offset === void 0 || offset === Infinity && span.maxLength === Infinity) && !foldsBeyondAscii) {
    const literals = requiredLiterals(pattern, ctx);
    const own = literals && needleOffset(pattern, literals.map(keywordNeedle), ctx);
    if (literals && own !== void 0 && (offset === void 0 || own < Infinity))
      return { ...span, keywordInMatch: true, keywordOffset: own, needles: literals };
  }
  return span;
}
var MIN_NEEDLE = 3;
var MAX_NEEDLES = 16;
function requiredLiterals(node, ctx) {
  switch (node.type) {
    case "Pattern":
    case "CapturingGroup":
    case "Group": {
      if (node.type === "Group" && node.modifiers) return void 0;
      const all = /* @__PURE__ */ new Set();
      for (const a of node.alternatives) {
        const lits = requiredLiterals(a, ctx);
        if (!lits) return void 0;
        for (const l of lits) all.add(l);
      }
      return all.size <= MAX_NEEDLES ? [...all] : void 0;
    }
    case "Quantifier":
      return node.min >= 1 ? requiredLiterals(node.element, ctx) : void 0;
    case "Alternative": {
      const items = flatten2(node.elements);
      const options = [];
      for (const e of items) {
        const lits = requiredLiterals(e, ctx);
        if (lits) options.push(lits);
      }
      let run2 = [[]];
      const close = () => {
        const pieces = /* @__PURE__ */ new Set();
        for (const sp of run2) {
          const piece = longestLiteral(sp);
          if (piece.length < MIN_NEEDLE) return;
          pieces.add(piece);
        }
        if (pieces.size > 0 && pieces.size <= MAX_NEEDLES) options.push([...pieces]);
      };
      for (const e of items) {
        if (e.type === "Assertion") continue;
        const sp = spellings(e, ctx);
        const grown2 = sp && run2.length * sp.length <= MAX_SPELLINGS ? run2.flatMap((r) => sp.map((o) => [...r, ...o])) : void 0;
        if (grown2) run2 = grown2;
        else {
          close();
          run2 = sp && sp.length <= MAX_SPELLINGS ? sp.map((o) => [...o]) : [[]];
        }
      }
      close();
      const shortest = (lits) => Math.min(...lits.map((l) => l.length));
      const best = options.filter((o) => shortest(o) >= MIN_NEEDLE).sort((a, b) => Math.min(shortest(b), 8) - Math.min(shortest(a), 8) || a.length - b.length)[0];
      return best;
    }
    default:
      return void 0;
  }
}
function longestLiteral(spelling) {
  let best = "";
  let cur = "";
  for (const set of spelling) {
    const folded = new Set([...set].map((c) => c >= 65 && c <= 90 ? c | 32 : c));
    if (folded.size === 1) cur += String.fromCharCode([...folded][0]);
    else cur = "";
    if (cur.length > best.length) best = cur;
  }
  return best;
}
var LF = 10;
function mayReadLineFeed(node, ctx) {
  switch (node.type) {
    case "Pattern":
    case "Group":
    case "CapturingGroup":
      if (node.type === "Group" && node.modifiers) return true;
      return node.alternatives.some((a) => mayReadLineFeed(a, ctx));
    case "Alternative":
      return node.elements.some((e) => mayReadLineFeed(e, ctx));
    case "Quantifier":
      return node.max > 0 && mayReadLineFeed(node.element, ctx);
    case "Assertion":
      return (node.kind === "lookahead" || node.kind === "lookbehind") && node.alternatives.some((a) => mayReadLineFeed(a, ctx));
    case "Character":
    case "CharacterSet":
    case "CharacterClass":
      return matchesLineFeed(node, ctx) !== false;
    case "Backreference":
      return false;
    // it repeats what its group matched, which is checked where the group is
    default:
      return true;
  }
}
function matchesLineFeed(node, ctx) {
  switch (node.type) {
    case "Character":
      return node.value === LF;
    case "CharacterClassRange":
      return node.min.value <= LF && LF <= node.max.value;
    case "CharacterSet":
      if (node.kind === "any") return ctx.dotAll;
      if (node.kind === "space") return !node.negate;
      if (node.kind === "digit" || node.kind === "word") return node.negate;
      return void 0;
    case "CharacterClass": {
      if (node.unicodeSets) return void 0;
      let holds2 = false;
      for (const e of node.elements) {
        const m = matchesLineFeed(e, ctx);
        if (m === void 0) return void 0;
        holds2 ||= m;
      }
      return node.negate ? !holds2 : holds2;
    }
    default:
      return void 0;
  }
}
function maxLength(node, ctx) {
  switch (node.type) {
    case "Pattern":
    case "Group":
    case "CapturingGroup":
      return Math.max(...node.alternatives.map((a) => maxLength(a, ctx)));
    case "Alternative":
      return node.elements.reduce((sum, e) => sum + maxLength(e, ctx), 0);
    case "Quantifier": {
      const each = maxLength(node.element, ctx);
      if (each === 0) return 0;
      return node.max === Infinity ? Infinity : node.max * each;
    }
    case "Character":
      return node.value > 65535 ? 2 : 1;
    case "CharacterSet":
    case "CharacterClass":
      if (node.type === "CharacterClass" && node.unicodeSets) return Infinity;
      return ctx.astral ? 2 : 1;
    case "Assertion":
      return 0;
    default:
      return Infinity;
  }
}
function reach(node, ctx) {
  switch (node.type) {
    case "Pattern":
    case "Group":
    case "CapturingGroup":
      return Math.max(...node.alternatives.map((a) => reach(a, ctx)));
    case "Alternative": {
      let offset = 0;
      let furthest = 0;
      for (const e of node.elements) {
        furthest = Math.max(furthest, offset + reach(e, ctx));
        offset += maxLength(e, ctx);
      }
      return Math.max(furthest, offset);
    }
    case "Quantifier": {
      if (node.max === 0) return 0;
      const each = maxLength(node.element, ctx);
      const inner = reach(node.element, ctx);
      if (each === 0) return inner;
      if (node.max === 1) return inner;
      return node.max === Infinity ? Infinity : (node.max - 1) * each + inner;
    }
    case "Assertion":
      if (node.kind === "lookahead") return Math.max(...node.alternatives.map((a) => reach(a, ctx)));
      if (node.kind === "lookbehind" || node.kind === "start") return 0;
      return 1;
    // `$` and `\b` look at the next character
    default:
      return maxLength(node, ctx);
  }
}
var letterCases = (c) => {
  const lower2 = c >= 65 && c <= 90 ? c | 32 : c;
  return lower2 >= 97 && lower2 <= 122 ? [lower2, lower2 - 32] : [c];
};
function exactKeywordCase(pattern, keywords, ctx) {
  if (ctx.ignoreCase || keywords.length === 0 || !keywords.every(indexableKeyword) || !keywords.some((k) => /[a-z]/i.test(k))) return void 0;
  for (const keywordCase of ["upper", "lower"]) {
    const spelled = keywords.map((k) => keywordCase === "upper" ? k.toUpperCase() : k.toLowerCase());
    const offset = needleOffset(pattern, spelled.map(exactNeedle), ctx);
    if (offset !== void 0) return { keywordCase, offset };
  }
  return void 0;
}
function exactNeedle(k) {
  return [...k].map((ch) => /* @__PURE__ */ new Set([ch.charCodeAt(0)]));
}
function keywordNeedle(k) {
  return [...k].map((ch) => new Set(letterCases(ch.charCodeAt(0))));
}
var TOKEN_CODES = new Set([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"].map((c) => c.charCodeAt(0)));
function anchorNeedle(anchor) {
  return [/* @__PURE__ */ new Set([anchor.open]), ...Array.from({ length: anchor.gap }, () => TOKEN_CODES), /* @__PURE__ */ new Set([anchor.close])];
}
function needleOffset(node, needles, ctx) {
  switch (node.type) {
    case "Pattern":
    case "CapturingGroup":
    case "Group": {
      if (node.type === "Group" && node.modifiers) return void 0;
      let worst = 0;
      for (const a of node.alternatives) {
        const o = needleOffset(a, needles, ctx);
        if (o === void 0) return void 0;
        worst = Math.max(worst, o);
      }
      return worst;
    }
    case "Alternative":
      return alternativeOffset(flatten2(node.elements), needles, ctx);
    case "Quantifier":
      return node.min >= 1 ? needleOffset(node.element, needles, ctx) : void 0;
    default:
      return void 0;
  }
}
var MAX_SPELLINGS = 64;
var SPLIT_CLASS = 8;
function alternativeOffset(items, needles, ctx) {
  let best;
  const consider = (o) => {
    if (o !== void 0 && (best === void 0 || o < best)) best = o;
  };
  let before = 0;
  for (const e of items) {
    const o = needleOffset(e, needles, ctx);
    if (o !== void 0) consider(before + o);
    before += maxLength(e, ctx);
  }
  let runStart = 0;
  let run2 = [[]];
  const close = () => {
    let worst = 0;
    for (const sp of run2) {
      const o = needleIn(sp, needles);
      if (o === void 0) return;
      worst = Math.max(worst, o);
    }
    consider(runStart + worst);
  };
  before = 0;
  for (const e of items) {
    const width = maxLength(e, ctx);
    if (e.type === "Assertion") continue;
    const options = spellings(e, ctx);
    const grown2 = options && run2.length * options.length <= MAX_SPELLINGS ? run2.flatMap((sp) => options.map((o) => [...sp, ...o])) : void 0;
    if (grown2) run2 = grown2;
    else {
      close();
      run2 = options && options.length <= MAX_SPELLINGS ? options.map((o) => [...o]) : [[]];
      runStart = options ? before : before + width;
    }
    before += width;
  }
  close();
  return best;
}
function needleIn(spelling, needles) {
  let first;
  for (const needle of needles) {
    for (let o = 0; o + needle.length <= spelling.length && (first === void 0 || o < first); o++) {
      let all = true;
      for (let j = 0; j < needle.length && all; j++) for (const c of spelling[o + j]) if (!needle[j].has(c)) all = false;
      if (all) first = o;
    }
  }
  return first;
}
function spellings(e, ctx) {
  if (e.type === "Group" || e.type === "CapturingGroup") {
    if (e.type === "Group" && e.modifiers) return void 0;
    const out = [];
    for (const a of e.alternatives) {
      let alt = [[]];
      for (const item of flatten2(a.elements)) {
        if (item.type === "Assertion") continue;
        const options = spellings(item, ctx);
        if (!options || alt.length * options.length > MAX_SPELLINGS) return void 0;
        alt = alt.flatMap((sp) => options.map((o) => [...sp, ...o]));
      }
      out.push(...alt);
      if (out.length > MAX_SPELLINGS) return void 0;
    }
    return out;
  }
  if (e.type === "Quantifier" && e.min === 0 && e.max === 1) {
    const inner = spellings(e.element, ctx);
    return inner && [[], ...inner];
  }
  const set = asciiSet(e, ctx);
  if (!set) return void 0;
  const byFold = /* @__PURE__ */ new Map();
  for (const c of set) {
    const folded = c >= 65 && c <= 90 ? c | 32 : c;
    byFold.set(folded, [...byFold.get(folded) ?? [], c]);
  }
  return byFold.size > 1 && byFold.size <= SPLIT_CLASS ? [...byFold.values()].map((cs) => [new Set(cs)]) : [[set]];
}
function flatten2(elements) {
  const out = [];
  for (const e of elements) {
    if ((e.type === "Group" || e.type === "CapturingGroup") && e.alternatives.length === 1 && !(e.type === "Group" && e.modifiers)) {
      out.push(...flatten2(e.alternatives[0].elements));
    } else if (e.type === "Quantifier" && e.min === e.max && e.min <= 64) {
      for (let i = 0; i < e.min; i++) out.push(...flatten2([e.element]));
    } else out.push(e);
  }
  return out;
}
function asciiSet(e, ctx) {
  const out = /* @__PURE__ */ new Set();
  const add = (c) => {
    for (const v of ctx.ignoreCase ? letterCases(c) : [c]) out.add(v);
  };
  if (e.type === "Character") {
    if (e.value > 127) return void 0;
    add(e.value);
    return out;
  }
  if (e.type === "CharacterSet" && (e.kind === "digit" || e.kind === "word") && !e.negate) {
    for (let c = 0; c < 128; c++) if ((e.kind === "digit" ? /\d/ : /\w/).test(String.fromCharCode(c))) out.add(c);
    return out;
  }
  if (e.type !== "CharacterClass" || e.negate || e.unicodeSets) return void 0;
  for (const item of e.elements) {
    if (item.type === "Character") {
      if (item.value > 127) return void 0;
      add(item.value);
    } else if (item.type === "CharacterClassRange") {
      if (item.max.value > 127) return void 0;
      for (let c = item.min.value; c <= item.max.value; c++) add(c);
    } else if (item.type === "CharacterSet" && (item.kind === "digit" || item.kind === "word") && !item.negate) {
      for (let c = 0; c < 128; c++) if ((item.kind === "digit" ? /\d/ : /\w/).test(String.fromCharCode(c))) out.add(c);
    } else return void 0;
  }
  return out;
}

// src/engine/prefilter.ts
var FOLD = Uint8Array.from({ length: 256 }, (_, b) => b >= 65 && b <= 90 ? b | 32 : b);
var ENDS_PAIR = 1;
var ENDS_ANCHOR = 2;
var ENDS_EXACT_PAIR = 4;
var FILTER_BITS = 20;
var FILTER_SHIFT = 32 - FILTER_BITS;
var HASH2 = 2654435761;
function slot(quad) {
  return Math.imul(quad, HASH2) >>> FILTER_SHIFT;
}
var fold4 = (a, b, c, d) => ((a | 32) << 24 | (b | 32) << 16 | (c | 32) << 8 | (d | 32)) >>> 0;
var KeywordPrefilter = class {
  /** `wasm`: see KeywordLoop (false runs the JavaScript loop: the reference the WebAssembly one is tested against). */
  constructor(rules2, options = {}) {
    this.rules = rules2;
    this.loop = new KeywordLoop(this.tables, options);
    const ids = /* @__PURE__ */ new Map();
    const idOf = (key, length) => {
      let id = ids.get(key);
      if (id === void 0) {
        id = this.tables.keywords.push(key) - 1;
        this.tables.exact.push(false);
        ids.set(key, id);
        this.rulesOf.push([]);
        this.lengthOf.push(length);
      }
      return id;
    };
    const keywordId = (k, exact = false) => {
      const key = exact ? `exact:${k}` : k;
      const fresh = !ids.has(key);
      const id = idOf(key, k.length);
      if (fresh) {
        this.tables.keywords[id] = k;
        this.tables.exact[id] = exact;
        this.index(k, id, exact);
      }
      return id;
    };
    const keywordIds = /* @__PURE__ */ new Set();
    rules2.forEach((r, index) => {
      const own = [];
      const keywordCase = r.span?.keywordCase;
      for (const raw of r.keywords) {
        const id = keywordCase ? keywordId(keywordCase === "upper" ? raw.toUpperCase() : raw.toLowerCase(), true) : keywordId(raw.toLowerCase());
        keywordIds.add(id);
        if (!own.includes(id)) own.push(id);
      }
      let anchorId;
      if (r.anchor) {
        const anchor = parseAnchor(r.anchor);
        const fresh = !ids.has(`anchor:${r.anchor}`);
        anchorId = idOf(`anchor:${r.anchor}`, anchor.gap + 2);
        if (fresh) {
          this.tables.anchors.push({ ...anchor, id: anchorId });
          this.tables.ends[anchor.close] |= ENDS_ANCHOR;
        }
      }
      if (anchorId !== void 0 && own.length === 0) own.push(anchorId);
      for (const id of own) this.rulesOf[id].push(index);
      this.keywordsOf.push(own);
      const needles = r.span?.needles;
      this.needlesIndexed.push(needles !== void 0);
      this.windowIdsOf.push(needles ? needles.map((k) => keywordId(k)) : anchorId !== void 0 && !own.includes(anchorId) ? [...own, anchorId] : own);
      if (own.length === 0) this.always.push(index);
    });
    this.keywordIds = [...keywordIds];
    const n = this.tables.keywords.length;
    this.hits = { count: 0, starts: new Int32Array(1024), ids: new Uint16Array(1024), present: new Uint8Array(n) };
  }
  rules;
  /** Rule indexes with neither keyword nor anchor: they run on every text. */
  always = [];
  /** Per keyword id, the indexes of the rules that list it. */
  rulesOf = [];
  /** Per rule index, its keyword (and anchor) ids: the rule runs on a text holding one. */
  keywordsOf = [];
  /**
   * Per rule index, the ids whose hits place its windows: its keywords, or, for a rule
   * whose span brings needles (literals its matches hold when its keywords only name the
   * context), those. With an anchor beside keywords: the keywords and the anchor.
   */
  windowIdsOf = [];
  /** Per rule index, whether its span's needles are indexed (a span worked out after this was built has none). */
  needlesIndexed = [];
  /** Per keyword id, its length in characters (an anchor's: its whole pattern). */
  lengthOf = [];
  tables = {
    keywords: [],
    exact: [],
    filter: new Int32Array(1 << FILTER_BITS - 5),
    ends: new Uint8Array(256),
    pairKeyword: new Int32Array(1 << 16),
    exactPairKeyword: new Int32Array(1 << 16),
    triples: new IntTable(),
    tripleIds: [],
    quads: new IntTable(),
    quadIds: [],
    anchors: []
  };
  /** Ids of the keywords the tables cannot index. */
  odd = [];
  hits;
  /** Ids of rules' keywords (not anchors). */
  keywordIds;
  loop;
  /** Enters keyword `k` (lower case unless `exact`) in the tables scanBytes reads. */
  index(k, id, exact) {
    if (!indexableKeyword(k)) {
      this.odd.push(id);
      return;
    }
    const t = this.tables;
    const c = (j) => k.charCodeAt(j);
    const f = (j) => FOLD[c(j)];
    const mark = (quad) => {
      const h = slot(quad);
      t.filter[h >>> 5] |= 1 << (h & 31);
    };
    if (k.length === 2) {
      if (exact) {
        t.ends[c(1)] |= ENDS_EXACT_PAIR;
        t.exactPairKeyword[c(0) << 8 | c(1)] = id + 1;
      } else {
        for (const v of caseVariants(c(1))) t.ends[v] |= ENDS_PAIR;
        t.pairKeyword[c(0) << 8 | c(1)] = id + 1;
      }
      return;
    }
    const add = (table, lists, key) => {
      const at = table.get(key);
      if (at < 0) table.set(key, lists.push([id]) - 1);
      else lists[at].push(id);
    };
    if (k.length === 3) {
      for (let before = 32; before < 256; before = before + 1 | 32) mark(fold4(before, c(0), c(1), c(2)));
      add(t.triples, t.tripleIds, f(0) << 16 | f(1) << 8 | f(2));
      return;
    }
    mark(fold4(c(0), c(1), c(2), c(3)));
    add(t.quads, t.quadIds, f(0) << 24 | f(1) << 16 | f(2) << 8 | f(3));
  }
  /** Whether keyword id `id` has occurrence positions (odd keywords have none). */
  positioned(id) {
    return !this.odd.includes(id);
  }
  /**
   * Every keyword occurrence in `text`. `utf8`, when given, must be the bytes `text` was
   * decoded from: the scan then reads them instead of making a copy of the text. The
   * result is reused by the next call.
   */
  find(text, utf8) {
    const hits = this.hits;
    hits.count = 0;
    const exact = utf8 !== void 0 && utf8.length === text.length;
    if (utf8 && !exact && isUtf8(utf8)) this.loop.scan(utf8, hits, true);
    else this.loop.scan(exact ? utf8 : text, hits, false);
    return this.withPresence(text);
  }
  /**
   * The hits of `text` from occurrences a KeywordLoop found in its bytes beforehand (on
   * the read-ahead thread, from these tables): what find would return, without the loop.
   */
  adopt(text, positions) {
    const hits = this.hits;
    hits.count = 0;
    reserve(hits, positions.count);
    hits.starts.set(positions.starts.subarray(0, positions.count));
    hits.ids.set(positions.ids.subarray(0, positions.count));
    hits.count = positions.count;
    return this.withPresence(text);
  }
  /** The tables the keyword loop reads, as plain data another thread can rebuild a KeywordLoop from (KeywordLoop.revive). */
  get loopTables() {
    return this.tables;
  }
  /** Marks which keywords occur: those with hits, and the odd ones `text` holds. */
  withPresence(text) {
    const hits = this.hits;
    hits.present.fill(0);
    for (let i = 0; i < hits.count; i++) hits.present[hits.ids[i]] = 1;
    let lower2;
    for (const id of this.odd) {
      const k = this.tables.keywords[id];
      if ((this.tables.exact[id] || caseless(k) ? text : lower2 ??= text.toLowerCase()).includes(k)) hits.present[id] = 1;
    }
    return hits;
  }
  /** Whether any rule's keyword occurs in `text` (rules without keywords do not count, nor do anchors). */
  hasKeyword(text) {
    const { present } = this.find(text);
    return this.keywordIds.some((id) => present[id] === 1);
  }
  /** Rules whose keyword or anchor occurs in `text` (and those with neither), in their original order. */
  select(text) {
    const { present } = this.find(text);
    return this.rules.filter((_, i) => this.keywordsOf[i].length === 0 || this.keywordsOf[i].some((id) => present[id] === 1));
  }
};
var WASM_AFTER_BYTES = 64 * 1024;
var KeywordLoop = class _KeywordLoop {
  /**
   * `wasm: true` sets the WebAssembly loop up at once, `false` never. By default it is set up
   * once WASM_AFTER_BYTES have been scanned: that takes ~9 ms, more than JavaScript needs for
   * the few small files of a commit hook.
   */
  constructor(tables, options = {}) {
    this.tables = tables;
    if (options.wasm === false) this.wasm = null;
    this.beforeWasm = options.wasm === true ? 0 : WASM_AFTER_BYTES;
  }
  tables;
  /** null where WebAssembly cannot run (or `wasm: false`): scanBytes runs. */
  wasm;
  hits = { count: 0, starts: new Int32Array(1024), ids: new Uint16Array(1024), present: new Uint8Array(0) };
  /** Bytes left to scan in JavaScript before the WebAssembly loop is set up. */
  beforeWasm;
  /** A loop over tables that crossed a thread boundary (structured clone drops IntTable's methods). */
  static revive(tables, options = {}) {
    return new _KeywordLoop({ ...tables, triples: IntTable.revive(tables.triples), quads: IntTable.revive(tables.quads) }, options);
  }
  /**
   * Adds the occurrences in `input` to `hits`: bytes (or a string's latin1 image) whose
   * offsets are the text's, or with `utf16`, valid UTF-8 whose hits get the decoded text's offsets.
   */
  scan(input, hits, utf16) {
    if (this.wasm === void 0 && (this.beforeWasm -= input.length) < 0) this.wasm = WasmKeywordScan.create(this.tables, FOLD, TOKEN) ?? null;
    if (this.wasm?.scan(input, hits, reserve, utf16)) return;
    const bytes = typeof input === "string" ? Buffer.from(input, "latin1") : input;
    scanBytes(bytes, this.tables, hits);
    if (utf16) toUtf16Offsets(bytes, hits);
  }
  /**
   * The occurrences in a file's bytes, with the offsets of the text decodeText makes of
   * them (src/sources/content.ts): ASCII reads as is, other valid UTF-8 as UTF-16 units.
   * Undefined for bytes that are not valid UTF-8: their text decides (find).
   */
  positionsIn(bytes, ascii) {
    const hits = this.hits;
    hits.count = 0;
    if (ascii) this.scan(bytes, hits, false);
    else if (isUtf8(bytes)) this.scan(bytes, hits, true);
    else return void 0;
    return { count: hits.count, starts: hits.starts.slice(0, hits.count), ids: hits.ids.slice(0, hits.count) };
  }
};
var IntTable = class _IntTable {
  // Read as they are by the WebAssembly scan, which probes them the way get does.
  keys = new Int32Array(64);
  values = new Int32Array(64).fill(-1);
  size = 0;
  /** The table a structured clone of one holds (its arrays, without the methods). */
  static revive(plain) {
    return Object.assign(new _IntTable(), { keys: plain.keys, values: plain.values, size: plain.size });
  }
  /** The value stored for `key`, or -1. */
  get(key) {
    const mask = this.keys.length - 1;
    for (let h = Math.imul(key, HASH2) >>> 16 & mask; ; h = h + 1 & mask) {
      const v = this.values[h];
      if (v < 0 || this.keys[h] === key) return v;
    }
  }
  set(key, value) {
    if ((this.size + 1) * 4 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let h = Math.imul(key, HASH2) >>> 16 & mask;
    while (this.values[h] >= 0 && this.keys[h] !== key) h = h + 1 & mask;
    if (this.values[h] < 0) this.size++;
    this.keys[h] = key;
    this.values[h] = value;
  }
  grow() {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2).fill(-1);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (values[i] >= 0) this.set(keys[i], values[i]);
  }
};
function reserve(hits, more) {
  const needed = hits.count + more;
  if (needed <= hits.starts.length) return;
  const size = Math.max(needed, hits.starts.length * 2);
  const starts = new Int32Array(size);
  starts.set(hits.starts.subarray(0, hits.count));
  const ids = new Uint16Array(size);
  ids.set(hits.ids.subarray(0, hits.count));
  hits.starts = starts;
  hits.ids = ids;
}
function record(hits, start, id) {
  if (hits.count === hits.starts.length) reserve(hits, 1);
  hits.starts[hits.count] = start;
  hits.ids[hits.count++] = id;
}
function scanBytes(bytes, t, hits) {
  const { filter, ends } = t;
  const n = bytes.length;
  let last4 = 538976288;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    last4 = last4 << 8 | (b | 32);
    const h = Math.imul(last4, HASH2) >>> FILTER_SHIFT;
    if ((filter[h >>> 5] & 1 << (h & 31)) !== 0) prefixesEndingAt(bytes, i, t, hits);
    const e = ends[b];
    if (e !== 0) {
      if (e & ENDS_PAIR && i >= 1) {
        const id = t.pairKeyword[FOLD[bytes[i - 1]] << 8 | FOLD[b]];
        if (id !== 0) record(hits, i - 1, id - 1);
      }
      if (e & ENDS_EXACT_PAIR && i >= 1) {
        const id = t.exactPairKeyword[bytes[i - 1] << 8 | b];
        if (id !== 0) record(hits, i - 1, id - 1);
      }
      if (e & ENDS_ANCHOR) anchorEndsAt(bytes, i, t, hits);
    }
  }
}
function prefixesEndingAt(bytes, i, t, hits) {
  if (i < 2) return;
  const p3 = FOLD[bytes[i - 2]] << 16 | FOLD[bytes[i - 1]] << 8 | FOLD[bytes[i]];
  const three = t.triples.get(p3);
  if (three >= 0) {
    for (const k of t.tripleIds[three]) if (!t.exact[k] || matchesAt(bytes, i - 2, t.keywords[k], true)) record(hits, i - 2, k);
  }
  if (i < 3) return;
  const at = t.quads.get(FOLD[bytes[i - 3]] << 24 | p3);
  if (at >= 0) {
    for (const k of t.quadIds[at]) if (matchesAt(bytes, i - 3, t.keywords[k], t.exact[k])) record(hits, i - 3, k);
  }
}
function anchorEndsAt(bytes, i, t, hits) {
  const b = bytes[i];
  for (const anchor of t.anchors) {
    const start = i - anchor.gap - 1;
    if (b === anchor.close && start >= 0 && bytes[start] === anchor.open && tokenRun(bytes, start + 1, i)) record(hits, start, anchor.id);
  }
}
function caseless(k) {
  return k.toLowerCase() === k.toUpperCase();
}
function caseVariants(c) {
  return c >= 97 && c <= 122 ? [c, c - 32] : [c];
}
var TOKEN = Uint8Array.from({ length: 256 }, (_, b) => /[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? 1 : 0);
function tokenRun(bytes, from, to) {
  for (let i = from; i < to; i++) if (TOKEN[bytes[i]] === 0) return false;
  return true;
}
function matchesAt(bytes, i, k, exact) {
  if (i + k.length > bytes.length) return false;
  for (let j = 0; j < k.length; j++) if ((exact ? bytes[i + j] : FOLD[bytes[i + j]]) !== k.charCodeAt(j)) return false;
  return true;
}
function toUtf16Offsets(bytes, hits) {
  let byte = 0;
  let unit = 0;
  const width = (b) => (b & 192) === 128 ? 0 : b >= 240 ? 2 : 1;
  for (let h = 0; h < hits.count; h++) {
    const start = hits.starts[h];
    for (; byte < start; byte++) unit += width(bytes[byte]);
    for (; byte > start; ) unit -= width(bytes[--byte]);
    hits.starts[h] = unit;
  }
}

// src/engine/windows.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var HitIndex = class {
  /** Per keyword id: where its positions start in `positions` (counting sort of the hits by id). */
  first;
  positions;
  constructor(hits, keywordCount) {
    const first = new Int32Array(keywordCount + 1);
    for (let i = 0; i < hits.count; i++) first[hits.ids[i] + 1]++;
    for (let k = 0; k < keywordCount; k++) first[k + 1] += first[k];
    const fill = first.slice(0, keywordCount);
    const positions = new Int32Array(hits.count);
    for (let i = 0; i < hits.count; i++) positions[fill[hits.ids[i]]++] = hits.starts[i];
    this.first = first;
    this.positions = positions;
  }
  /** Every hit of these keyword ids, in increasing order. */
  startsOf(ids) {
    if (ids.length === 1) return this.positions.subarray(this.first[ids[0]], this.first[ids[0] + 1]);
    const parts = ids.map((id) => this.positions.subarray(this.first[id], this.first[id + 1]));
    const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out.sort();
  }
  /**
   * Start ranges [from, to] (inclusive, flattened pairs) for a rule with these keyword ids
   * and lengths, in increasing order; the positions each covers total `covered`.
   */
  ranges(ids, lengthOf, span, mergeGap) {
    const lead = ids.map((id) => Math.min(span.keywordOffset, span.maxLength - lengthOf[id]));
    const cursor = ids.map((id) => this.first[id]);
    const ranges = [];
    let covered = 0;
    let from = -1;
    let to = -1;
    for (; ; ) {
      let best = -1;
      let bestFrom = 0;
      for (let j = 0; j < ids.length; j++) {
        const id = ids[j];
        if (cursor[j] >= this.first[id + 1]) continue;
        const start2 = this.positions[cursor[j]] - lead[j];
        if (best < 0 || start2 < bestFrom) {
          best = j;
          bestFrom = start2;
        }
      }
      if (best < 0) break;
      const last = this.positions[cursor[best]++];
      if (lead[best] < 0) continue;
      const start = Math.max(0, bestFrom);
      if (from >= 0 && start <= to + mergeGap) to = Math.max(to, last);
      else {
        if (from >= 0) {
          ranges.push(from, to);
          covered += to - from + 1;
        }
        from = start;
        to = last;
      }
    }
    if (from >= 0) {
      ranges.push(from, to);
      covered += to - from + 1;
    }
    return { ranges, covered };
  }
};
function lineWindows(text, starts) {
  const windows = [];
  let covered = 0;
  let cut = -1;
  for (let i = 0; i < starts.length; i++) {
    const hit = starts[i];
    if (hit < cut) {
      covered += hit - windows[windows.length - 2];
      windows[windows.length - 2] = hit;
      continue;
    }
    const from = text.lastIndexOf("\n", hit) + 1;
    const end = text.indexOf("\n", hit);
    cut = end < 0 ? text.length : end + 1;
    windows.push(from, hit, cut);
    covered += hit - from + 1;
  }
  return { windows, covered };
}

// src/engine/scanner.ts
var MIN_WEAK_LENGTH = 6;
var MAX_SECRET_LENGTH = 16384;
var WINDOWS_FROM_LENGTH = 16 * 1024;
var WHOLE_TEXT_SHARE = 0.5;
var STICKY_COST = 40;
var MERGE_GAP = 256;
var overrunCount = (re) => re.overruns;
var Scanner = class {
  /**
   * `windows: false` searches whole texts, the reference the benchmark checks windows
   * against; `windowsFrom` (characters) moves the size from which texts are windowed;
   * `decode: false` leaves encoded values undecoded (the benchmark's floor for decoding).
   */
  constructor(rules2, options = {}) {
    this.rules = rules2;
    this.options = options;
    this.prefilter = new KeywordPrefilter(rules2);
    this.genericIds = new Set(rules2.filter((r) => r.generic).map((r) => r.id));
    this.keywordCount = this.prefilter.lengthOf.length;
    this.selected = new Uint8Array(rules2.length);
  }
  rules;
  options;
  overruns = [];
  prefilter;
  genericIds;
  keywordCount;
  selected;
  /**
   * Every rule match in the chunk with the reason it was kept or dropped. `positions`: the
   * keyword occurrences a KeywordLoop over `keywordTables` found in the chunk's bytes already.
   */
  candidates(chunk, positions) {
    const out = [];
    const { text } = chunk;
    const pf = this.prefilter;
    const hits = positions ? pf.adopt(text, positions) : pf.find(text, chunk.utf8);
    const windowed = this.options.windows !== false && text.length >= (this.options.windowsFrom ?? WINDOWS_FROM_LENGTH);
    let index;
    const run2 = this.selected.fill(0);
    for (const r of pf.always) run2[r] = 1;
    for (let id = 0; id < hits.present.length; id++) if (hits.present[id] === 1) for (const r of pf.rulesOf[id]) run2[r] = 1;
    for (let r = 0; r < this.rules.length; r++) {
      if (run2[r] === 0) continue;
      const own = pf.keywordsOf[r];
      const rule = this.rules[r];
      if (rule.path && !rule.path.test(chunk.path)) continue;
      if (rule.allowlist.paths.some((p) => p.test(chunk.path))) continue;
      const stoppedBefore = overrunCount(rule.regex);
      if (stoppedBefore !== void 0) {
        this.search(rule, chunk, 0, text.length, text, out);
        if (overrunCount(rule.regex) > stoppedBefore) this.overruns.push({ ruleId: rule.id, path: chunk.path });
        continue;
      }
      const span = windowed && own.length ? spanOf(rule) : void 0;
      const near = span?.needles && !pf.needlesIndexed[r] ? void 0 : pf.windowIdsOf[r];
      if (!span || !span.keywordInMatch || !near || near.some((id) => !pf.positioned(id))) {
        this.search(rule, chunk, 0, text.length, text, out);
        continue;
      }
      const bounded = span.maxLength !== Infinity && span.reach !== Infinity;
      index ??= new HitIndex(hits, this.keywordCount);
      if (!bounded && span.keywordOffset === Infinity) {
        const { windows, covered } = span.lineBound ? lineWindows(text, index.startsOf(near)) : { windows: [], covered: Infinity };
        if (covered > text.length * WHOLE_TEXT_SHARE) this.search(rule, chunk, 0, text.length, text, out);
        else this.searchLines(rule, chunk, windows, out);
        continue;
      }
      if (bounded) {
        const { ranges, covered } = index.ranges(near, pf.lengthOf, span, Math.max(MERGE_GAP, span.reach));
        if (covered > text.length * WHOLE_TEXT_SHARE) this.search(rule, chunk, 0, text.length, text, out);
        else this.searchRanges(rule, chunk, ranges, span.reach, out);
      } else {
        const { ranges, covered } = index.ranges(near, pf.lengthOf, span, 0);
        if (covered * STICKY_COST > text.length) this.search(rule, chunk, 0, text.length, text, out);
        else this.searchAt(rule, chunk, ranges, out);
      }
    }
    return out;
  }
  /** The rules stopped on a chunk since the last call (each may have hidden a match), and forgets them. */
  takeOverruns() {
    const out = this.overruns;
    this.overruns = [];
    return out;
  }
  /**
   * A bounded rule's matches starting in the ranges: each range is searched in a prefix
   * of the text that ends `reach` past it. A match starting at or before the range's end
   * reads no further, so cutting the text there changes none of them, and it keeps the
   * search from running on to the end of the text.
   */
  searchRanges(rule, chunk, ranges, reach2, out) {
    const { text } = chunk;
    let from = 0;
    for (let i = 0; i < ranges.length; i += 2) {
      const last = ranges[i + 1];
      if (last < from) continue;
      const cut = Math.min(text.length, last + reach2 + 1);
      from = this.search(rule, chunk, Math.max(ranges[i], from), last, cut === text.length ? text : text.slice(0, cut), out);
    }
  }
  /** A line-bound rule's matches in its line windows (lineWindows): [from, last, cut] triples. */
  searchLines(rule, chunk, windows, out) {
    const { text } = chunk;
    let from = 0;
    for (let i = 0; i < windows.length; i += 3) {
      const last = windows[i + 1];
      if (last < from) continue;
      const cut = windows[i + 2];
      from = this.search(rule, chunk, Math.max(windows[i], from), last, cut === text.length ? text : text.slice(0, cut), out);
    }
  }
  /**
   * An unbounded rule's matches starting in the ranges: the regex is tried (sticky) at
   * each position, in order, skipping what a match already covered, as a search of the
   * whole text would. The ranges are narrow (the keyword sits near the match's start).
   */
  searchAt(rule, chunk, ranges, out) {
    const { text } = chunk;
    const re = stickyOf(rule);
    let end = 0;
    for (let i = 0; i < ranges.length; i += 2) {
      const last = ranges[i + 1];
      for (let at = Math.max(ranges[i], end); at <= last; at++) {
        re.lastIndex = at;
        const m = re.exec(text);
        if (!m || m[0].length === 0) continue;
        end = re.lastIndex;
        const span = m.indices?.[rule.secretGroup];
        const secret = m[rule.secretGroup];
        if (span && secret !== void 0 && secret.length > 0) out.push(this.judge(rule, secret, span[0], span[1], m[0], chunk, m.index));
        at = end - 1;
      }
    }
  }
  /**
   * Collects the rule's matches in `subject` (the chunk's text or a prefix of it) that
   * start in [from, last]; returns where the last one ended (the next search starts there,
   * as one search of the whole text would).
   */
  search(rule, chunk, from, last, subject, out) {
    const re = rule.regex;
    re.lastIndex = from;
    let end = from;
    for (let m = re.exec(subject); m; m = re.exec(subject)) {
      if (m.index > last) break;
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      end = re.lastIndex;
      const span = m.indices?.[rule.secretGroup];
      const secret = m[rule.secretGroup];
      if (span && secret !== void 0 && secret.length > 0) out.push(this.judge(rule, secret, span[0], span[1], m[0], chunk, m.index));
      if (end > last) break;
    }
    return end;
  }
  judge(rule, secret, start, end, whole, chunk, matchStart) {
    const entropy = shannonEntropy(secret);
    const c = { rule, secret, start, end, entropy };
    if (secret.length > MAX_SECRET_LENGTH) c.rejected = "longer than any credential";
    else if (rule.entropy !== void 0 && entropy < entropyFloor(rule, secret) && !(rule.weakConfidence && secret.length >= MIN_WEAK_LENGTH))
      c.rejected = `entropy ${entropy.toFixed(2)} below ${entropyFloor(rule, secret).toFixed(2)}`;
    else if (rule.allowlist.regexes.some((r) => r.test(secret) || r.test(whole))) c.rejected = "allowlisted by the rule";
    else if (rule.allowlist.stopwords.some((w) => secret.toLowerCase().includes(w))) c.rejected = "contains a stopword";
    else {
      if (rule.entropy !== void 0 && entropy < entropyFloor(rule, secret)) c.weak = true;
      const placeholder = placeholderReason(secret) ?? (rule.generic ? genericSampleReason(secret, chunk, matchStart) ?? notACredentialReason(secret, chunk.path, chunk.text, start) : void 0);
      if (placeholder) c.rejected = placeholder;
      else if (rule.validate) {
        c.validation = VALIDATORS[rule.validate](secret);
        if (!c.validation.valid) c.rejected = c.validation.note ?? `fails ${rule.validate}`;
        else c.rejected = documentationJwtReason(c.validation.claims);
      }
    }
    return c;
  }
  /** The tables of the keyword loop, for a thread that finds keyword positions ahead of this scanner (KeywordLoop.revive). */
  get keywordTables() {
    return this.prefilter.loopTables;
  }
  /**
   * Findings in one chunk, after rejection, overlap resolution and classification.
   * `positions`: the keyword occurrences in the chunk's bytes, when another thread found
   * them already (a KeywordLoop over `keywordTables`, KeywordLoop.positionsIn).
   */
  scan(chunk, positions) {
    const lines = new LineIndex(chunk.text);
    const notebook = unescapeNotebook(chunk);
    const findings = notebook ? this.scanMapped(chunk, notebook.chunk, lines, (s, e) => [notebook.toOriginal(s), notebook.toOriginal(e)]) : resolveOverlaps(this.candidates(chunk, positions)).map((c) => this.toFinding(chunk, c, lines));
    const overlaps = (a, b) => a.start < b.end && b.start < a.end;
    const mapped = (d) => this.scanMapped(chunk, d.chunk, lines, () => [d.origin.start, d.origin.end], d.note, d.decoded);
    const manifestValues = kubernetesSecretValues(chunk);
    const fromManifest = manifestValues.flatMap(mapped);
    const encoded = this.options.decode === false ? [] : encodedValues(chunk, (text) => this.prefilter.hasKeyword(text));
    const fromEncodings = encoded.filter((d) => !manifestValues.some((m) => overlaps(m.origin, d.origin))).flatMap(mapped).filter((d) => !findings.some((f) => !this.genericIds.has(f.ruleId) && overlaps(f, d)));
    const derived = [...fromManifest, ...fromEncodings];
    if (derived.length === 0) return findings;
    const covered = (f) => derived.some((d) => overlaps(f, d));
    return [...findings.filter((f) => !covered(f)), ...derived].sort((a, b) => a.start - b.start);
  }
  /** Findings in text derived from a chunk, with positions mapped back to the original chunk. */
  scanMapped(original, derived, lines, toOriginal, note, decoded) {
    const inner = new LineIndex(derived.text);
    return resolveOverlaps(this.candidates(derived)).map((c) => {
      const f = this.toFinding(derived, c, inner);
      const [start, end] = toOriginal(f.start, f.end);
      const from = lines.position(start);
      const to = lines.position(end);
      Object.assign(f, { file: original.path, start, end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column });
      if (note) f.reason = `${f.reason} (${note})`;
      if (decoded) f.decoded = decoded.join(", ");
      return f;
    });
  }
  toFinding(chunk, c, lines) {
    const context = matchContext(chunk.text, c.start, chunk.path);
    const { kind, severity, reason } = classify({ rule: c.rule, path: chunk.path, text: chunk.text, context, claims: c.validation?.claims });
    const from = lines.position(c.start);
    const to = lines.position(c.end);
    return attachSecret(
      {
        ruleId: c.rule.id,
        provider: c.rule.provider,
        title: c.rule.title,
        kind,
        severity,
        confidence: confidenceOf({
          rule: c.rule,
          secret: c.secret,
          path: chunk.path,
          text: chunk.text,
          start: c.start,
          validation: c.validation,
          weak: c.weak
        }),
        file: chunk.path,
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
        start: c.start,
        end: c.end,
        ...secretFacts(c.rule.id, c.secret, c.entropy),
        reason,
        docs: c.rule.docs,
        name: context.name && detached(context.name)
      },
      c.secret
    );
  }
};
var stickies = /* @__PURE__ */ new WeakMap();
function stickyOf(rule) {
  let re = stickies.get(rule);
  if (!re) stickies.set(rule, re = new RegExp(rule.regex.source, rule.regex.flags.replace("g", "") + "y"));
  return re;
}
function spanOf(rule) {
  if (rule.regex.constructor !== RegExp) return void 0;
  return rule.span ??= regexSpan(rule.regex, rule.keywords, rule.anchor);
}
function entropyFloor(rule, secret) {
  const floor = rule.entropy ?? 0;
  return rule.relativeEntropy === void 0 ? floor : Math.min(floor, rule.relativeEntropy * Math.log2(secret.length));
}
function resolveOverlaps(candidates) {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let cluster = [];
  let clusterEnd = -1;
  for (const c of sorted) {
    if (cluster.length && c.start >= clusterEnd) {
      out.push(...resolveCluster(cluster));
      cluster = [];
    }
    cluster.push(c);
    clusterEnd = Math.max(clusterEnd, c.end);
  }
  out.push(...resolveCluster(cluster));
  return out.sort((a, b) => a.start - b.start);
}
function resolveCluster(candidates) {
  const claims = candidates.filter((c) => !c.rule.generic);
  const accepted = candidates.filter((c) => !c.rejected);
  const overlaps = (a, b) => a.start < b.end && b.start < a.end;
  const proven = (c) => c.validation?.valid === true;
  const better = (a, b) => {
    if (a.rule.generic !== b.rule.generic) return !a.rule.generic;
    if (proven(a) !== proven(b)) return proven(a);
    if (!!a.weak !== !!b.weak) return !a.weak;
    if (a.rule.confidence === "low" !== (b.rule.confidence === "low")) return b.rule.confidence === "low";
    return a.end - a.start > b.end - b.start;
  };
  const out = [];
  for (const c of accepted) {
    if (c.rule.generic && claims.some((s) => s !== c && overlaps(s, c))) continue;
    if (accepted.some((o) => o !== c && overlaps(o, c) && better(o, c))) continue;
    if (out.some((o) => overlaps(o, c))) continue;
    out.push(c);
  }
  return out;
}
var SOURCE_OR_DOCS = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|cs|php|rs|swift|scala|md|mdx|rst|adoc)$/i;
function genericSampleReason(secret, chunk, matchStart) {
  if (identifierLike(secret)) return "spelled like a code identifier";
  if (SOURCE_OR_DOCS.test(chunk.path) && dressedUpSecretWord(secret)) return 'the word "secret" or "password" dressed up, a sample in code or docs';
  if (/::\w*$/.test(chunk.text.slice(Math.max(0, matchStart - 80), matchStart))) return "named by a namespaced type, not a variable";
  return void 0;
}

// src/engine/examples.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/der-template.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/finding-location.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/files.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { execFile } from "node:child_process";
import { closeSync, constants as fsConstants, existsSync, fstatSync, lstatSync, openSync, readdir, readdirSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";

// src/sources/gitignore.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/content.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { isAscii } from "node:buffer";
var BINARY_SNIFF_BYTES = 8192;
function looksBinary(bytes) {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}
function decodeText(bytes, ascii = isAscii(bytes)) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString(ascii ? "latin1" : "utf8");
}

// src/sources/file-pieces.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/read-into.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { readSync } from "node:fs";
function readInto(fd, buffer, from, to, position = from) {
  let filled = from;
  while (filled < to) {
    const bytesRead = readSync(fd, buffer, filled, to - filled, position + (filled - from));
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

// src/sources/file-pieces.ts
var PIECE_BYTES = 64 * 1024 * 1024;
var PIECE_OVERLAP = 64 * 1024;

// src/sources/globs.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/path-filter.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/lazy-picomatch.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/files.ts
var run = promisify(execFile);
function shownPath(p) {
  return typeof p === "string" ? p : p.toString("utf8");
}
function toPosix(p) {
  return sep === "/" ? p : p.split(sep).join("/");
}
var READ_WHOLE_BYTES = 1 << 20;
var { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fsConstants;
var NO_FOLLOW_FLAGS = O_NOFOLLOW !== void 0 && O_NONBLOCK !== void 0 ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK : void 0;
var SCRATCH_MAX_BYTES = 16 << 20;
var scratch;
function readBuffer(size, keep) {
  if (keep || size > SCRATCH_MAX_BYTES) return Buffer.allocUnsafe(size);
  if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX_BYTES, Math.max(size, 2 * (scratch?.length ?? 1 << 19))));
  return scratch.subarray(0, size);
}
function readFileBytes(abs, options, rel, whole = false, into = (size) => readBuffer(size, whole)) {
  if (NO_FOLLOW_FLAGS === void 0 && lstatSync(abs).isSymbolicLink()) {
    options.skipped.symlinks++;
    return void 0;
  }
  let fd;
  try {
    fd = openSync(abs, NO_FOLLOW_FLAGS ?? "r");
  } catch (e) {
    if (e.code !== "ELOOP") throw e;
    options.skipped.symlinks++;
    return void 0;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      options.skipped.special++;
      options.warn(`${rel}: not a regular file (FIFO, socket or device), skipped`);
      return void 0;
    }
    if (info.size > options.maxFileSize) {
      options.skipped.tooLarge++;
      options.warn(`${rel}: ${info.size} bytes, over --max-file-size (${options.maxFileSize} bytes), skipped`);
      return void 0;
    }
    const pieceBytes = options.pieceBytes ?? PIECE_BYTES;
    if (whole || info.size <= Math.min(READ_WHOLE_BYTES, pieceBytes)) return readExactly(fd, into(info.size));
    const sniff = Math.min(info.size, BINARY_SNIFF_BYTES);
    if (info.size > pieceBytes) {
      const head = readExactly(fd, into(sniff));
      return looksBinary(head) ? head : { big: info.size };
    }
    const buffer = into(info.size);
    const headEnd = readInto(fd, buffer, 0, sniff);
    if (headEnd < sniff || looksBinary(buffer.subarray(0, headEnd))) return buffer.subarray(0, headEnd);
    const end = readInto(fd, buffer, headEnd, info.size);
    return end === info.size ? buffer : buffer.subarray(0, end);
  } finally {
    closeSync(fd);
  }
}
function readExactly(fd, buffer) {
  const filled = readInto(fd, buffer, 0, buffer.length);
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}
var lastRoot;
var UNNORMALIZED = /\/\.\.?(?:\/|$)|\/\//;
function pathUnderRoot(root, file) {
  if (lastRoot?.root !== root || !isAbsolute(root)) {
    const resolved = resolve(root);
    lastRoot = { root, prefix: resolved.endsWith(sep) ? resolved : resolved + sep };
  }
  const { prefix } = lastRoot;
  if (sep === "/" && file.startsWith(prefix) && !UNNORMALIZED.test(file)) return file.slice(prefix.length);
  return toPosix(relative(prefix, file));
}
function readFileBytesInto(abs, options, into) {
  const rel = relativePath(options.root, abs);
  try {
    const bytes = readFileBytes(abs, options, rel, false, into);
    if (!bytes) return void 0;
    if (!Buffer.isBuffer(bytes)) return { path: rel, bytes: bytes.big, big: true };
    if (looksBinary(bytes)) {
      options.skipped.binary++;
      return void 0;
    }
    return { path: rel, bytes };
  } catch (e) {
    const code = e.code ?? e.message;
    options.skipped.unreadable++;
    options.warn(`${rel}: cannot read (${code}), skipped`);
    return void 0;
  }
}
function relativePath(root, abs) {
  return pathUnderRoot(root, shownPath(abs)) || toPosix(shownPath(abs));
}
function readFileChunk(abs, options) {
  const read = readFileBytesInto(abs, options);
  if (!read || "big" in read) return read;
  return { path: read.path, text: decodeText(read.bytes), bytes: read.bytes.length, utf8: read.bytes };
}

// src/rules/linear-regex.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/rules/guarded-regex.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
var GUARD_BUDGET_MS = 1e3;
var PICKUP_LIMIT_MS = 5e3;
var MAX_MATCHES = 1e5;
var WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const done = new Int32Array(flag);
port.on('message', ({ source, flags, text, max }) => {
  Atomics.store(done, 1, 1);
  Atomics.notify(done, 1);
  const re = new RegExp(source, flags.includes('g') ? flags : flags + 'g');
  const out = [];
  let m;
  while (out.length < max && (m = re.exec(text))) {
    out.push({ index: m.index, groups: Array.from(m), indices: m.indices ? Array.from(m.indices) : undefined, named: m.groups });
    if (m[0].length === 0) re.lastIndex++;
  }
  port.postMessage(out);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
`;
var RegexWorker = class {
  worker;
  port;
  // [0]: the worker finished the text; [1]: it picked the text up.
  flag = new SharedArrayBuffer(8);
  done = new Int32Array(this.flag);
  /** Every match of `re` in `text`, or undefined when the deadline passed (the worker is then stopped). */
  run(re, text, budgetMs) {
    if (!this.worker) this.start();
    Atomics.store(this.done, 0, 0);
    Atomics.store(this.done, 1, 0);
    this.port.postMessage({ source: re.source, flags: re.flags, text, max: MAX_MATCHES });
    Atomics.wait(this.done, 1, 0, PICKUP_LIMIT_MS);
    const waited = Atomics.wait(this.done, 0, 0, budgetMs);
    const reply = receiveMessageOnPort(this.port);
    if (waited === "timed-out" && !reply) {
      this.stop();
      return void 0;
    }
    return reply?.message;
  }
  start() {
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag: this.flag }, transferList: [port2] });
    this.worker.unref();
    port1.unref();
    this.port = port1;
  }
  stop() {
    void this.worker?.terminate();
    this.port?.close();
    this.worker = void 0;
    this.port = void 0;
  }
};
var shared;
function toExecArray(m, input) {
  const arr = Object.assign([...m.groups], { index: m.index, input, groups: m.named });
  if (m.indices) arr.indices = Object.assign([...m.indices], { groups: void 0 });
  return arr;
}
var GuardedRegExp = class extends RegExp {
  constructor(source, budgetMs = GUARD_BUDGET_MS) {
    super(source.source, source.flags);
    this.budgetMs = budgetMs;
  }
  budgetMs;
  /** How many texts this regex was stopped on. */
  overruns = 0;
  text;
  matches = [];
  next = 0;
  exec(text) {
    if (this.lastIndex === 0 || text !== this.text) this.load(text);
    while (this.next < this.matches.length && this.matches[this.next].index < this.lastIndex) this.next++;
    const m = this.matches[this.next++];
    if (!m) {
      this.lastIndex = 0;
      return null;
    }
    this.lastIndex = m.index + m[0].length;
    return m;
  }
  test(text) {
    const saved = this.lastIndex;
    this.lastIndex = 0;
    const hit = this.exec(text) !== null;
    this.lastIndex = saved;
    return hit;
  }
  load(text) {
    this.text = text;
    this.next = 0;
    const wire = (shared ??= new RegexWorker()).run(this, text, this.budgetMs);
    if (!wire) this.overruns++;
    this.matches = (wire ?? []).map((m) => toExecArray(m, text));
  }
};

// src/rules/linear-regex.ts
var re2;
function loadRe2() {
  if (re2 === void 0) {
    try {
      re2 = __require("re2");
    } catch {
      re2 = null;
    }
  }
  return re2;
}
function runtimeRegex(re) {
  const RE2 = loadRe2();
  if (RE2) {
    try {
      return { regex: new RE2(re), engine: "re2" };
    } catch {
    }
  }
  return { regex: new GuardedRegExp(re), engine: "js" };
}

// src/scan/worker-read.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/types.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function emptySkips() {
  return { binary: 0, tooLarge: 0, unreadable: 0, symlinks: 0, special: 0, regexTimeouts: 0 };
}

// src/scan/worker-read.ts
function readOnWorker(file, request, read) {
  const skipped = emptySkips();
  const warnings = [];
  const path = typeof file === "string" ? file : Buffer.from(file);
  const result = read(path, { root: request.root, maxFileSize: request.maxFileSize, pieceBytes: request.pieceBytes, skipped, warn: (w) => warnings.push(w) });
  const notes = {};
  if (Object.values(skipped).some((n) => n > 0)) notes.skipped = skipped;
  if (warnings.length) notes.warnings = warnings;
  return { read: result, notes };
}

// src/scan/pool.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/scan/worker-script.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/scan/pool.ts
var WORKER_READY = "ready";

// src/scan/worker.ts
var rules = workerData.rules.map(
  ({ rule, guarded }) => guarded ? { ...rule, regex: runtimeRegex(rule.regex).regex } : rule
);
var scanner = new Scanner(rules);
var port = parentPort;
var secretsOf = (findings) => findings.map((f) => f.secret);
function scanOne(file, request) {
  const { read, notes } = readOnWorker(file, request, readFileChunk);
  const reply = notes;
  if (!read) return reply;
  if ("big" in read) return { ...reply, big: read };
  const findings = scanner.scan(read);
  const overruns = scanner.takeOverruns();
  reply.file = { path: read.path, bytes: read.bytes, text: findings.length ? read.text : "" };
  if (findings.length) Object.assign(reply, { findings, secrets: secretsOf(findings) });
  if (overruns.length) reply.overruns = overruns;
  return reply;
}
function answer(request) {
  if (request.kind === "texts") {
    const texts = request.texts.map((chunk) => {
      const findings = scanner.scan(chunk);
      return { findings, secrets: secretsOf(findings), overruns: scanner.takeOverruns() };
    });
    return { id: request.id, texts };
  }
  return { id: request.id, files: request.files.map((file) => scanOne(file, request)) };
}
port.postMessage(WORKER_READY);
port.on("message", (request) => {
  let reply;
  try {
    reply = answer(request);
  } catch (e) {
    reply = { id: request.id, error: e.message };
  }
  port.postMessage(reply);
});
