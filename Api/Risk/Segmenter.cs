using JiebaNet.Segmenter;

namespace Mediation.Api.Risk;

/// <summary>
/// jieba.NET's segmenter, loaded once per process (its dictionary is a process-wide singleton: ~5 MB read at first use,
/// so the module warms it at start rather than in the first filing). The dictionary ships in the package and is copied
/// into the output and the published folder (Api.csproj, Resources/jieba). Cut is thread-safe once loaded.
/// </summary>
public sealed class Segmenter
{
    private static readonly Lock Gate = new();
    private static JiebaSegmenter? shared;

    public static string DictionaryFolder => Path.Combine(AppContext.BaseDirectory, "Resources", "jieba");

    private readonly JiebaSegmenter jieba;

    public Segmenter()
    {
        lock (Gate)
        {
            if (shared is null)
            {
                if (!File.Exists(Path.Combine(DictionaryFolder, "dict.txt")))
                    throw new FileNotFoundException(
                        "The jieba.NET dictionary is missing from the output (Resources/jieba/dict.txt).",
                        Path.Combine(DictionaryFolder, "dict.txt")
                    );
                ConfigManager.ConfigFileBaseDir = DictionaryFolder;
                var s = new JiebaSegmenter();
                _ = s.Cut("预热").Count();
                shared = s;
            }
            jieba = shared;
        }
    }

    /// <summary>The words of the text, in order (precise mode, with the HMM for words not in the dictionary).</summary>
    public List<string> Cut(string text) => [.. jieba.Cut(text, cutAll: false, hmm: true)];

    /// <summary>Whether a word is in the dictionary: a word that is not was glued together by the HMM
    /// (「刘拿着」「就要」), and its boundaries are guesses.</summary>
    public bool IsKnown(string word) => WordDictionary.Instance.ContainsWord(word);
}
