// Customer-service language a general lexicon misses: events that are complaints in themselves
// ("delayed again", "on hold for an hour", "still waiting for my bag") and their positive
// counterparts ("on time", "upgraded"). A pattern is words separated by spaces; a word matches a
// token's normal or lemma ("delay" matches "delayed", "delays"), `_` is any one token and `__`
// up to three.

/** A domain pattern with its weight, on the scale of wink's lexicon (-1 to 1). */
export interface TDomainPattern {
  pattern: string;
  score: number;
}

const NEGATIVE = -1;
const POSITIVE = 1;

function weighted(sign: number, score: number, patterns: string): TDomainPattern[] {
  return patterns
    .split('|')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '')
    .map((pattern) => ({ pattern, score: sign * score }));
}

/** The patterns, most specific first is not needed: the longest match at a position wins. */
export const DOMAIN_PATTERNS: readonly TDomainPattern[] = [
  // Disruption of the service itself.
  ...weighted(
    NEGATIVE,
    0.5,
    'delay | delayed | cancelled | canceled | cancellation | cancelled flightled | cancelled flighted | cancelled flight | flight cancel | late flightr | late flightd',
  ),
  ...weighted(
    NEGATIVE,
    0.6,
    'overbook | overbooked | bump | bumped | strand | stranded | stuck | divert | diverted | miss __ connection | missed __ flight | miss __ flight',
  ),
  ...weighted(
    NEGATIVE,
    0.4,
    'late | hour late | hours late | rebook | rebooked | reschedule | rescheduled | no show | downgrade | downgraded',
  ),
  // Waiting, unanswered, unresolved.
  ...weighted(
    NEGATIVE,
    0.5,
    'on hold | hold for | still wait | still waiting | keep wait | been waiting | wait __ hour | waited __ hour | wait __ minute | waited __ minute | wait forever | took forever | take forever | forever | took age | take age | for age | long wait | long queue | long line | queue for | wait time',
  ),
  ...weighted(
    NEGATIVE,
    0.6,
    'no one answer | nobody answer | no one pick up | nobody pick up | no answer | no response | no reply | no call back | never hear back | not hear back | never heard back | still not hear | get through | hang up | hung up | no one help | nobody help | no one know | nobody know | no help | no information | no update | no info | no communication | no explanation | no apology | no compensation | no one there | nobody there | no staff',
  ),
  ...weighted(
    NEGATIVE,
    0.5,
    'still no | still not | still have not | still haven | still do not | still don | still nothing | yet to receive | never receive | never received | not receive | not received | never arrive | never arrived | never show | never came | never come | where be my | where is my | where s my',
  ),
  // Luggage, refunds, money.
  ...weighted(
    NEGATIVE,
    0.7,
    'lose __ luggage | lost __ luggage | lose __ bag | lost __ bag | lose __ baggage | lost __ baggage | lose __ suitcase | lost __ suitcase | missing bag | missing luggage | missing baggage | luggage be lose | bag be lose | damaged | damage | broken',
  ),
  ...weighted(
    NEGATIVE,
    0.6,
    'no refund | refund __ not | still __ refund | wait __ refund | waiting __ refund | charge twice | charged twice | double charge | double charged | overcharge | overcharged | hidden fee | extra fee | rip off | ripoff | not worth | overprice | overpriced | waste of time | waste of money | waste my time | wasted | waste',
  ),
  // Broken things.
  ...weighted(
    NEGATIVE,
    0.5,
    'not work | not working | stop working | stopped working | keep crash | keeps crashing | crash | crashed | crashing | freeze | froze | glitch | outage | be down | is down | was down | no signal | no wifi | no wi-fi | no internet | no connection | drop call | dropped call | disconnect | disconnected | error | log out | locked out | can not log | cannot log | can not access | can not get | cannot get | unable to | impossible to | decline | declined | no power | no water | no food | no hot water | ran out | run out | out of stock',
  ),
  // Discomfort and poor quality the lexicon misses.
  ...weighted(
    NEGATIVE,
    0.45,
    'cramped | no legroom | uncomfortable | filthy | smelly | stink | stank | noisy | cold food | lukewarm | bland | stale | soggy | undercooked | inedible | tiny | slow | mediocre | meh | chaotic | chaos | shambles | mess | nightmare | unprofessional | unhelpful | incompetent | clueless | rude | dismissive | ignored | ignore | unacceptable | ridiculous | pathetic | disgrace | disgraceful | joke | fail | epic fail | worst | never again | last time i fly | last time i use | not again | switching to | switch to | cancel my account | close my account',
  ),
  ...weighted(
    NEGATIVE,
    0.3,
    'seriously | expensive | pricey | queue | confusing | complicated | hard to | no way to | how hard can | why be | why do | why does | why is | why did | why are | why can',
  ),
  ...weighted(
    NEGATIVE,
    0.6,
    'thanks for nothing | thank you for nothing | yeah right | this is how you treat | how be it acceptable | how can you | how can they | be done with | done with this | done with you | not be booking | not be using | not be back | not be returning | not be flying | not book with | not fly with | never use | never fly | could have be better | could have been better | could have be a lot better | could have been a lot better | should have be better | not care | hour on the phone | hour on hold | hour in the queue | hour in queue | kept us up | keep us up | kept me up | keep me up | kept us awake | kept me awake',
  ),
  ...weighted(
    NEGATIVE,
    0.5,
    'mess up | messed up | screw up | screwed up | drop the ball | dropped the ball | fix this | fix it | please fix | sort this out | sort it out | get it together | get your act together | what s going on | what is going on | what be go on',
  ),
  ...weighted(
    NEGATIVE,
    0.35,
    'only have | only had | only has | instead of | no longer | not anymore | used to be | nobody | no one | without | noise | zero | no difference | not once | treat me like | 😤 | 🙃 | 😒 | 😞 | 😠 | 🤬 | 👎',
  ),
  // Words a general lexicon scores that say nothing here ("customer care", "quick question").
  ...weighted(
    NEGATIVE,
    0,
    'need help | need some help | need assistance | quick question | customer care | customer support | support team | please help | pls help | plz help | help me | help us | can you help | could you help | can someone help | would like | like to | feel like | look like | seem like | just like | kind of | pretty much | fingers crossed | hope | hoping | free | want | wanted | ok | okay | yes | well | god | care | matter',
  ),
  ...weighted(NEGATIVE, 0.25, 'wait | waiting | waited'),
  ...weighted(
    POSITIVE,
    0.6,
    'can not wait | could not wait | work perfectly | work well | work great | work fine | worked perfectly | worked well | worked great',
  ),
  ...weighted(NEGATIVE, 0, 'work | late check | late checkout | late check-out | fine'),
  // What customers praise.
  // Things that did not happen or cannot be done: the typical tweet to a company.
  ...weighted(
    NEGATIVE,
    0.45,
    'not arrive | not show up | not turn up | not here | not load | not let me | can not | could not | unable | second time | third time | 2nd time | 3rd time | 4th time | fourth time | tarmac',
  ),
  ...weighted(
    POSITIVE,
    0.6,
    'could not be happier | could not be better | can not complain | could not ask for | can not thank __ enough',
  ),
  ...weighted(
    POSITIVE,
    0.5,
    'props to | kudos | thx | thnx | tks | you rock | you guys rock | rock | rocks | the best | killing it | nailed it',
  ),
  // A request ("can you DM me the number please") asks; its courtesy says nothing.
  ...weighted(NEGATIVE, 0, 'please | pls | plz | kindly | dm me | dm us | follow back'),
  ...weighted(
    POSITIVE,
    0.6,
    'could not have be more | could not have been more | can not recommend __ enough | can not fault | could not fault | no complaint | no complaints | worth it | worth every penny | worth the money | wish i would done it sooner | wish i had done it sooner | wish i have done it sooner | slept like a baby | slept like babies | sleep like a baby | shout out | 🙌 | 🙏 | 👏',
  ),
  ...weighted(
    POSITIVE,
    0.45,
    'on time | ahead of schedule | arrive early | arrived early | got upgraded | get upgraded | upgraded | smooth | seamless | hassle free | hassle-free | painless | quick | efficient | comfortable | comfy | spacious | clean | tasty | delicious | professional | courteous | attentive | polite | accommodating | knowledgeable | above and beyond | go the extra mile | went the extra mile | sorted it | sorted out | resolved | fixed it | no issue | no issues | no problem | no problems | recommend | highly recommend | five star | 5 star | well done | top notch | spot on | on point | lifesaver | life saver',
  ),
];
