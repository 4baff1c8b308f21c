namespace Sluice.Operators.Drama;

/// <summary>
/// Sluice's default prompts for DRAMA augmentation, in the published recipe's shape (our own wording). Replace them
/// with <see cref="PromptTemplate.Load"/> to use other text.
/// </summary>
public static class DramaPrompts
{
    /// <summary>
    /// Query generation: the model imagines a retrieval task the text could serve and writes a query for it in the
    /// text's language; three few-shot turns (English, Bengali, Chinese) of <c>Text:</c> → <c>Task: / Query: / Language:</c>.
    /// Placeholder: <c>{text}</c>.
    /// </summary>
    public static PromptTemplate QueryGeneration { get; } = new(
        "You help build training data for search engines. Read the text you are given and think of a realistic search " +
        "task that this text would help with. Describe that task in one sentence, then write one search query a person " +
        "doing the task might type, for which the text is a good result. Write the query in the same language as the text. " +
        "Answer in exactly three lines:\nTask: <the task>\nQuery: <the query>\nLanguage: <the language of the query>",
        [
            new("Text: The Pacific Ocean is the largest and deepest of Earth's five oceans. It covers about 165 million square kilometres and reaches 10,994 metres at the Challenger Deep.",
                "Task: Given a geography question, find passages that state facts about oceans.\nQuery: how deep is the deepest point of the pacific ocean\nLanguage: English"),
            new("Text: ঢাকা বাংলাদেশের রাজধানী এবং সবচেয়ে জনবহুল শহর। শহরটি বুড়িগঙ্গা নদীর তীরে অবস্থিত।",
                "Task: Given a question about a city, find passages that describe where it lies.\nQuery: ঢাকা কোন নদীর তীরে অবস্থিত\nLanguage: Bengali"),
            new("Text: 长城是中国古代修建的军事防御工程，东起山海关，西至嘉峪关，总长度超过两万公里。",
                "Task: Given a history question, find passages about ancient buildings.\nQuery: 长城的总长度是多少\nLanguage: Chinese"),
        ],
        "Text: {text}");

    /// <summary>
    /// Listwise reranking: numbered passages <c>[1]…[n]</c> and a query; the answer is the ranking
    /// <c>[4] &gt; [2] &gt; …</c>. Placeholders: <c>{query}</c>, <c>{passages}</c>, <c>{count}</c>.
    /// </summary>
    public static PromptTemplate ListwiseRerank { get; } = new(
        "You are a search quality rater. You rank passages by how well they answer a search query.",
        [],
        "Here are {count} passages, each marked with a number in brackets.\n\n{passages}\n\nSearch query: {query}\n\n" +
        "Rank all {count} passages from most to least relevant to the query. Answer only with the ranking, using the " +
        "numbers in brackets, most relevant first, like this: [4] > [2] > [1]. Do not explain.");
}
