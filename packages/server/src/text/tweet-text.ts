// Tweet-style text made readable for the pipeline: links and @mentions removed, hashtags kept
// as words ("#NeverAgain" -> "Never Again").

const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
const MENTION = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_]+/gu;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const CAMEL_BOUNDARY = /(\p{Ll})(\p{Lu})/gu;

/** The text without links and mentions, hashtags turned into their words. */
export function cleanTweetText(text: string): string {
  return text
    .replace(URL, ' ')
    .replace(MENTION, '$1 ')
    .replace(
      HASHTAG,
      (_match, tag: string) => ` ${tag.replace(CAMEL_BOUNDARY, '$1 $2').replace(/_/g, ' ')} `,
    )
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
