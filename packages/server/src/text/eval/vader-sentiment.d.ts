// Types for the `vader-sentiment` npm port, which ships none.
declare module 'vader-sentiment' {
  interface VaderScores {
    neg: number;
    neu: number;
    pos: number;
    compound: number;
  }
  const vader: {
    SentimentIntensityAnalyzer: { polarity_scores(text: string): VaderScores };
  };
  export default vader;
}
