import type { ClauseType, ClauseValues } from './contractSummary';
import { durationAfter, type Duration } from './durations';
import { foldArabic } from './matchText';
import { numberedParties, partyNames } from './partyNames';
import type { SentenceView } from './sentenceView';

type CitedDuration = NonNullable<ClauseValues<'term'>['duration']>;

/**
 * Reads the values of a clause type from the sentence a rule matched (`hit`: where the rule's
 * pattern matched). Undefined when the sentence lacks what the type cannot do without (two
 * parties, a date, a jurisdiction): the rule then does not count, so nothing is invented.
 */
export type ValueReader<T extends ClauseType> = (
  view: SentenceView,
  hit: { index: number; end: number },
) => ClauseValues<T> | undefined;

const fold = (source: string): RegExp => new RegExp(foldArabic(source));

function cited(view: SentenceView, d: Duration | undefined): CitedDuration | undefined {
  return d === undefined
    ? undefined
    : { amount: d.amount, unit: d.unit, text: view.cite(d.start, d.end) };
}

/** An object without its undefined members (the output schema leaves them out). */
function defined<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}

const NOTICE = fold('\\bnotice\\b|إشعار|إخطار');

/**
 * The notice period: the period right before "notice" ("sixty (60) days' written notice"),
 * else the first within 100 characters after it ("notice at least 60 days before"), else the
 * nearest within 60 characters before it.
 */
function noticePeriod(view: SentenceView): Duration | undefined {
  const notice = view.find(NOTICE);
  if (notice.index === -1) return undefined;
  const before = view
    .durations()
    .filter((d) => d.end <= notice.index && notice.index - d.end <= 60)
    .pop();
  if (before !== undefined && notice.index - before.end <= 25) return before;
  return durationAfter(view.durations(), notice.index + notice.length, 100) ?? before;
}

/** The first period within `window` characters after where `pattern` matches. */
function periodAfter(
  view: SentenceView,
  pattern: RegExp,
  window: number,
  from = 0,
): Duration | undefined {
  const at = view.find(pattern, from);
  return at.index === -1 ? undefined : durationAfter(view.durations(), at.index, window);
}

const BETWEEN = fold('\\bbetween\\b|\\bare\\b|(?<![\\u0600-\\u06ff])بين(?![\\u0600-\\u06ff])');
const LAWS_OF = /\blaws? of\b/g;
const JURISDICTION_END = new RegExp(
  `[,.;]| without regard| excluding| notwithstanding| and (?:the|any|each|all)\\b| applicable to| ${foldArabic('و(?:تختص|يختص|تكون|يكون)|دون|بما في ذلك')}`,
);
const ARABIC_LAW_LEAD = new RegExp(
  `^\\s*(?:${foldArabic('و(?:أنظمة|قوانين) ')})?(?:${foldArabic('المعمول بها|السارية|النافذة|المطبقة')})?\\s*(?:${foldArabic('في')})?\\s*`,
);

function jurisdiction(view: SentenceView, hit: { index: number; end: number }): string | undefined {
  // English: after the last "laws of" of the match; Arabic: after the law word the match ends on.
  let from = hit.end;
  for (const m of view.text.slice(hit.index, hit.end).matchAll(LAWS_OF)) {
    from = hit.index + m.index + m[0].length;
  }
  const lead = ARABIC_LAW_LEAD.exec(view.text.slice(from))?.[0].length ?? 0;
  let start = from + lead;
  if (view.text.startsWith('the ', start)) start += 4;
  const stop = JURISDICTION_END.exec(view.text.slice(start));
  const end = stop === null ? view.text.length : start + stop.index;
  const text = end > start ? view.cite(start, end) : '';
  return text.length > 0 && text.length <= 120 ? text : undefined;
}

const AUTO_NEGATED = fold(
  '\\b(?:shall|will|does|do) not (?:be )?(?:automatically )?renew|\\bno automatic renewal\\b|\\bnot (?:be )?subject to automatic renewal\\b|(?:لا|ولا) (?:يتجدد|يجدد|تتجدد|تجدد)|(?:دون|بدون|عدم) (?:ال)?تجديد',
);
const AUTO = fold('\\bautomatic(?:ally)?\\b|\\bauto-?renew|تلقائي');
const RENEWAL_PERIOD = fold(
  '\\b(?:successive|additional|further)\\b|\\brenewal (?:term|period)s? of\\b|لمدد|لمدة|لفترة|لفترات',
);
const CONVENIENCE = fold(
  '\\bfor (?:any reason|convenience|no reason)\\b|\\bwithout cause\\b|\\bat any time\\b|(?:دون|بدون) (?:إبداء|ذكر|بيان) (?:أي |الأ)?(?:سبب|أسباب)|لأي سبب|في أي وقت',
);
const CAUSE = fold('\\bbreach|\\bfor cause\\b|\\binsolven|\\bbankrupt|إخلال|أخل|إعسار|إفلاس');
const FEES = fold('\\bfees\\b|\\bamounts paid\\b|الرسوم|المبالغ المدفوعة');
const WITHIN = fold('\\bwithin\\b|خلال');
const NET_DAYS = /\bnet (\d{1,3})\b/;
const SURVIVES = fold(
  '\\bsurviv|\\bremain in (?:force|effect)\\b|\\bcontinue\\b|تستمر|يستمر|تظل|يظل|تبقى|يبقى',
);
const AFTER_END = fold(
  '^\\s*(?:after|following|from|beyond|من تاريخ|بعد|من)?\\s*(?:the )?(?:date of )?(?:any )?(?:termination|expiration|expiry|انتهاء|انقضاء|إنهاء)',
);

export const VALUE_READERS: { [T in ClauseType]: ValueReader<T> } = {
  parties: (view, hit) => {
    const numbered = numberedParties(view);
    if (numbered !== undefined) return { names: numbered };
    const between = view.find(BETWEEN, hit.index);
    const names =
      between.index === -1 ? undefined : partyNames(view, between.index + between.length);
    return names === undefined ? undefined : { names };
  },
  effective_date: (view, hit) => {
    const date = view.dates().find((d) => d.start >= hit.index && d.start <= hit.end + 160);
    return date === undefined
      ? undefined
      : { date: { date: date.iso, text: view.cite(date.start, date.end) } };
  },
  term: (view, hit) =>
    defined({ duration: cited(view, durationAfter(view.durations(), hit.index, 240)) }),
  renewal: (view) => {
    const notice = noticePeriod(view);
    const period = periodAfter(view, RENEWAL_PERIOD, 40);
    return defined({
      automatic: AUTO_NEGATED.test(view.text) ? false : AUTO.test(view.text) ? true : null,
      renewal_period: cited(view, period === notice ? undefined : period),
      notice_period: cited(view, notice),
    });
  },
  termination: (view) =>
    defined({
      for_convenience: CONVENIENCE.test(view.text),
      for_cause: CAUSE.test(view.text),
      notice_period: cited(view, noticePeriod(view)),
    }),
  governing_law: (view, hit) => {
    const place = jurisdiction(view, hit);
    return place === undefined ? undefined : { jurisdiction: place };
  },
  liability_cap: (view, hit) => {
    const amount = view.amounts().find((a) => a.start >= hit.index);
    return defined({
      amount:
        amount === undefined
          ? undefined
          : {
              value: amount.value,
              currency: amount.currency,
              text: view.cite(amount.start, amount.end),
            },
      fees_period: cited(view, periodAfter(view, FEES, 120, hit.index)),
    });
  },
  payment_terms: (view) => {
    const net = NET_DAYS.exec(view.text);
    if (net !== null) {
      const text = view.cite(net.index, net.index + net[0].length);
      return { due_within: { amount: Number(net[1]), unit: 'days', text } };
    }
    return defined({ due_within: cited(view, periodAfter(view, WITHIN, 40)) });
  },
  confidentiality: (view) => {
    const afterEnd = view.durations().find((d) => AFTER_END.test(view.text.slice(d.end)));
    return defined({ survival_period: cited(view, afterEnd ?? periodAfter(view, SURVIVES, 80)) });
  },
};
