using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Apache.Arrow;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;
using LuceneDirectory = Lucene.Net.Store.Directory;
using LuceneDocument = Lucene.Net.Documents.Document;
using LuceneField = Lucene.Net.Documents.Field;

namespace Sluice.Operators.Search.Lexical;

/// <summary>
/// A Lucene BM25 index over a datastore's passage texts, kept in <c>_bm25/</c> beside the shards. Lucene document n
/// is datastore row n (shard order, then row order, as <see cref="PassageIndex"/> numbers rows), so its hits combine
/// with dense hits by row. Queries are analysed into terms and searched as a disjunction of term queries: no query
/// syntax is parsed, so any text is a valid query. Searching is thread-safe; dispose to close the files.
/// </summary>
public sealed class Bm25Index : IDisposable
{
    /// <summary>The folder beside a datastore's shards that holds its index (ignored by shard readers: it starts with '_').</summary>
    public const string Folder = "_bm25";

    private const string ManifestKey = Folder + "/bm25.json";
    private const string FilesPrefix = Folder + "/lucene/";
    private const string TextField = "text";
    private const string IdField = "id";
    private const string DocIdField = "doc_id";
    private const string RowField = "row";
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly LuceneDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Analyzer _analyzer;
    private readonly int[] _rowOfDoc;
    private readonly string? _ownedFolder;
    private readonly int _threads;

    private Bm25Index(string folder, string? ownedFolder, Bm25Analyzer analyzer, string fingerprint, Bm25Options options)
    {
        _directory = FSDirectory.Open(new DirectoryInfo(folder));
        try
        {
            _reader = DirectoryReader.Open(_directory);
        }
        catch
        {
            _directory.Dispose();
            throw;
        }
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity(options.K1, options.B) };
        _analyzer = CreateAnalyzer(analyzer);
        _ownedFolder = ownedFolder;
        _threads = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        Analyzer = analyzer;
        Fingerprint = fingerprint;
        K1 = options.K1;
        B = options.B;
        // Rows are read once into an array: doc values readers are not documented as safe across threads.
        _rowOfDoc = new int[_reader.MaxDoc];
        var rows = MultiDocValues.GetNumericValues(_reader, RowField) ?? throw new InvalidDataException($"{folder}: no '{RowField}' doc values");
        for (int d = 0; d < _rowOfDoc.Length; d++) _rowOfDoc[d] = (int)rows.Get(d);
    }

    /// <summary>Passages indexed.</summary>
    public int Count => _rowOfDoc.Length;

    /// <summary>The analyser the index was built with (queries use it too).</summary>
    public Bm25Analyzer Analyzer { get; }

    /// <summary>The <see cref="PassageIndex.Fingerprint"/> of the datastore it was built from.</summary>
    public string Fingerprint { get; }

    /// <summary>The k1 this index scores with.</summary>
    public float K1 { get; }

    /// <summary>The b this index scores with.</summary>
    public float B { get; }

    /// <summary>
    /// Indexes every passage of a datastore, shard by shard (only the id, doc id and text columns are read), in a local
    /// temporary folder, then saves it to <c>_bm25/</c> under <paramref name="datastoreUri"/> through the object store
    /// (so an <c>s3://</c> datastore works) and opens the local copy, which is deleted on dispose.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing is found at <paramref name="datastoreUri"/>.</exception>
    /// <exception cref="InvalidDataException">A shard lacks a column or is corrupt; the message names the shard.</exception>
    public static async Task<Bm25Index> BuildAsync(string datastoreUri, Bm25Options? options = null, CancellationToken ct = default)
    {
        options ??= new Bm25Options();
        options.Validate();
        var fingerprint = await PassageIndex.ComputeFingerprintAsync(datastoreUri, ct);
        var folder = Path.Combine(Path.GetTempPath(), $"sluice-bm25-build-{Guid.NewGuid():N}");
        try
        {
            int rows = await WriteLocalAsync(datastoreUri, folder, options, ct);
            await SaveAsync(datastoreUri, folder, new Manifest(1, fingerprint, rows, options.Analyzer), ct);
            return new Bm25Index(folder, folder, options.Analyzer, fingerprint, options);
        }
        catch
        {
            DeleteQuietly(folder);
            throw;
        }
    }

    /// <summary>
    /// Opens the index saved beside a datastore, or returns null when there is none. A local datastore's index is opened
    /// in place; a remote one is downloaded first to <see cref="Bm25Options.CacheDirectory"/>.
    /// </summary>
    /// <param name="datastoreUri">The datastore (local path, <c>file://</c> or <c>s3://</c>).</param>
    /// <param name="options">k1, b, parallelism and cache folder; the analyser is the one recorded with the index.</param>
    /// <param name="ct">Cancels the load.</param>
    /// <exception cref="InvalidDataException">The index was built over other data (the datastore's fingerprint or row
    /// count differs: rebuild it) or its files are missing or corrupt.</exception>
    public static async Task<Bm25Index?> LoadAsync(string datastoreUri, Bm25Options? options = null, CancellationToken ct = default)
    {
        options ??= new Bm25Options();
        options.Validate();
        using var store = ObjectStores.Open(datastoreUri.TrimEnd('/'));
        if (await store.StatAsync(ManifestKey, ct) is null) return null;
        Manifest manifest;
        await using (var stream = await store.OpenReadAsync(ManifestKey, ct))
            manifest = await JsonSerializer.DeserializeAsync<Manifest>(stream, JsonOptions, ct)
                       ?? throw new InvalidDataException($"{ObjectStores.Join(store.RootUri, ManifestKey)} is empty");
        var fingerprint = await PassageIndex.ComputeFingerprintAsync(datastoreUri, ct);
        if (manifest.Fingerprint != fingerprint)
            throw new InvalidDataException($"{ObjectStores.Join(store.RootUri, Folder)} was built over other data (fingerprint {Short(manifest.Fingerprint)}, {manifest.Rows} passages); the datastore now has fingerprint {Short(fingerprint)}: rebuild the BM25 index (sluice search --build-bm25)");

        string folder;
        if (ObjectStores.IsS3(datastoreUri)) folder = await DownloadAsync(store, manifest, options, ct);
        else folder = Path.Combine(ObjectStores.LocalPath(store.RootUri), FilesPrefix.TrimEnd('/'));
        Bm25Index index;
        try
        {
            index = new Bm25Index(folder, null, manifest.Analyzer, fingerprint, options);
        }
        catch (Exception e) when (e is IOException or IndexFormatTooOldException or CorruptIndexException)
        {
            throw new InvalidDataException($"{ObjectStores.Join(store.RootUri, Folder)}: {e.Message}", e);
        }
        if (index.Count != manifest.Rows)
        {
            index.Dispose();
            throw new InvalidDataException($"{ObjectStores.Join(store.RootUri, Folder)} holds {index.Count} passages, its manifest says {manifest.Rows}: rebuild it");
        }
        return index;
    }

    /// <summary>
    /// The best <paramref name="k"/> passages by BM25 for each query, as rows (the datastore's row numbers) and scores,
    /// best first; equal scores go to the lower row. Places beyond the passages that share a term with the query hold
    /// row -1 and score 0. A query with no indexable term (empty, all stop words, only punctuation) finds nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    public TopKResult Search(IReadOnlyList<string> queries, int k, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int kOut = Math.Min(k, Math.Max(1, Count));
        var rows = new int[queries.Count * kOut];
        var scores = new float[rows.Length];
        System.Array.Fill(rows, -1);
        Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = ct }, q =>
        {
            var query = ToQuery(queries[q]);
            if (query.Clauses.Count == 0) return;
            var top = _searcher.Search(query, kOut).ScoreDocs;
            for (int i = 0; i < top.Length; i++)
            {
                rows[q * kOut + i] = _rowOfDoc[top[i].Doc];
                scores[q * kOut + i] = top[i].Score;
            }
        });
        return new TopKResult(queries.Count, kOut, rows, scores);
    }

    /// <summary>The terms <paramref name="text"/> is searched with, in order of first appearance, each with its count.</summary>
    public IReadOnlyList<(string Term, int Count)> Analyze(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        using var stream = _analyzer.GetTokenStream(TextField, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var t = term.ToString();
            if (counts.TryAdd(t, 1)) order.Add(t);
            else counts[t]++;
        }
        stream.End();
        return order.Select(t => (t, counts[t])).ToArray();
    }

    /// <summary>Closes the index; a local build copy is deleted.</summary>
    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
        if (_ownedFolder is not null) DeleteQuietly(_ownedFolder);
    }

    // A bag of words, as Anserini's default query generator makes it: one SHOULD clause per distinct term, boosted by
    // how often the query repeats it. Lucene refuses more than BooleanQuery.MaxClauseCount (1,024) clauses, so a
    // longer query keeps its first 1,024 distinct terms.
    private BooleanQuery ToQuery(string text)
    {
        var query = new BooleanQuery();
        foreach (var (term, count) in Analyze(text).Take(BooleanQuery.MaxClauseCount))
            query.Add(new TermQuery(new Term(TextField, term)) { Boost = count }, Occur.SHOULD);
        return query;
    }

    private static Analyzer CreateAnalyzer(Bm25Analyzer analyzer) => analyzer switch
    {
        Bm25Analyzer.English => new EnglishAnalyzer(Version),
        Bm25Analyzer.Standard => new StandardAnalyzer(Version, CharArraySet.Empty),
        _ => throw new ArgumentOutOfRangeException(nameof(analyzer), analyzer, "unknown analyser"),
    };

    private static async Task<int> WriteLocalAsync(string datastoreUri, string folder, Bm25Options options, CancellationToken ct)
    {
        using var analyzer = CreateAnalyzer(options.Analyzer);
        using var directory = FSDirectory.Open(new DirectoryInfo(folder));
        // Log merges combine only neighbouring segments, and the single writer thread adds rows in order, so after the
        // final merge Lucene's document order is row order and Lucene's lower-document tie break is the lower row.
        var config = new IndexWriterConfig(Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(options.K1, options.B),
            MergePolicy = new LogByteSizeMergePolicy(),
            RAMBufferSizeMB = 256,
        };
        int row = 0;
        using (var writer = new IndexWriter(directory, config))
        {
            var id = new StringField(IdField, "", LuceneField.Store.YES);
            var docId = new StoredField(DocIdField, "");
            var text = new TextField(TextField, "", LuceneField.Store.NO);
            var rowValue = new NumericDocValuesField(RowField, 0);
            var document = new LuceneDocument { id, docId, text, rowValue };
            foreach (var file in await InputResolver.ResolveAsync(datastoreUri, ct))
            {
                try
                {
                    await using var stream = await SeekableInput.OpenAsync(file, ct);
                    await foreach (var batch in ArrowFormat.ReadBatchesAsync(stream, ct: ct))
                    {
                        using (batch)
                        {
                            var ids = Column(batch, options.IdColumn);
                            var docIds = Column(batch, options.DocIdColumn);
                            var texts = Column(batch, options.TextColumn);
                            for (int i = 0; i < batch.Length; i++, row++)
                            {
                                id.SetStringValue(ids.GetString(i) ?? throw new InvalidDataException($"row {row}: {options.IdColumn} is null"));
                                docId.SetStringValue(docIds.GetString(i) ?? "");
                                text.SetStringValue(texts.GetString(i) ?? "");
                                rowValue.SetInt64Value(row);
                                writer.AddDocument(document);
                            }
                        }
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"{file.Uri}: {e.Message}", e);
                }
            }
            // One segment, as Pyserini's --optimize leaves it: searches touch one term dictionary.
            writer.ForceMerge(1);
            writer.Commit();
        }
        return row;
    }

    // The manifest is the commit marker: it is removed first and written last, so an interrupted save leaves no index
    // that loads, and files of two builds never pair up.
    private static async Task SaveAsync(string datastoreUri, string folder, Manifest manifest, CancellationToken ct)
    {
        using var store = ObjectStores.Open(datastoreUri.TrimEnd('/'));
        await store.DeleteAsync(ManifestKey, ct);
        await foreach (var old in store.ListAsync(FilesPrefix, ct)) await store.DeleteAsync(old.Key, ct);
        var files = new List<IndexFile>();
        foreach (var path in System.IO.Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name == IndexWriter.WRITE_LOCK_NAME) continue;
            await using (var source = File.OpenRead(path))
            await using (var target = await store.OpenWriteAsync(FilesPrefix + name, ct))
            {
                await source.CopyToAsync(target, ct);
                await target.CompleteAsync(ct);
            }
            files.Add(new IndexFile(name, new FileInfo(path).Length));
        }
        await store.PutAsync(ManifestKey, JsonSerializer.SerializeToUtf8Bytes(manifest with { Files = files }, JsonOptions), ct: ct);
    }

    // Files are fetched into a folder named for the datastore and its fingerprint; a file already there at its recorded
    // size is kept, so a second open of an unchanged datastore downloads nothing.
    private static async Task<string> DownloadAsync(IObjectStore store, Manifest manifest, Bm25Options options, CancellationToken ct)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{store.RootUri}\n{manifest.Fingerprint}")))[..24];
        var folder = Path.Combine(options.CacheDirectory ?? Path.Combine(Path.GetTempPath(), "sluice-bm25-cache"), key);
        System.IO.Directory.CreateDirectory(folder);
        foreach (var file in manifest.Files ?? [])
        {
            var local = Path.Combine(folder, file.Name);
            if (File.Exists(local) && new FileInfo(local).Length == file.Size) continue;
            var partial = local + ".part";
            await using (var source = await store.OpenReadAsync(FilesPrefix + file.Name, ct))
            await using (var target = File.Create(partial))
                await source.CopyToAsync(target, ct);
            File.Move(partial, local, overwrite: true);
        }
        return folder;
    }

    private static StringArray Column(RecordBatch batch, string name)
    {
        int index = batch.Schema.GetFieldIndex(name);
        if (index < 0) throw new InvalidDataException($"column '{name}' is missing (columns: {string.Join(", ", batch.Schema.FieldsList.Select(f => f.Name))})");
        return batch.Column(index) as StringArray ?? throw new InvalidDataException($"column '{name}' is {batch.Column(index).Data.DataType.Name}, not a string");
    }

    private static string Short(string fingerprint) => fingerprint[..Math.Min(12, fingerprint.Length)];

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; the caller's error or result matters more.
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    private sealed record Manifest(int Format, string Fingerprint, int Rows, Bm25Analyzer Analyzer, IReadOnlyList<IndexFile>? Files = null);

    private sealed record IndexFile(string Name, long Size);
}
