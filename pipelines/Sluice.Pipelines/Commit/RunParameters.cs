using System.Security.Cryptography;
using System.Text;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// How a run's parameters are kept in <c>run.json</c> and <c>workflow.json</c> and compared on resume. The value of a
/// parameter whose name contains <c>key</c>, <c>secret</c>, <c>token</c>, <c>password</c> or <c>credential</c>
/// (any case), and the user-info part of a URL-valued parameter (<c>http://user:pass@host</c>), are stored only as
/// <c>sha256:SALT:HEX</c>: SHA-256 of the salt and the value, enough to tell on resume whether it changed. Messages
/// never show them.
/// </summary>
public static class RunParameters
{
    private const string HashPrefix = "sha256:";
    private static readonly string[] SecretWords = ["key", "secret", "token", "password", "credential"];

    /// <summary>True when the parameter's name says it holds a secret.</summary>
    public static bool IsSecret(string name) => SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the value must not be written in clear: a secret's value, or a URL with user-info.</summary>
    public static bool IsSensitive(string name, string value) => IsSecret(name) || UserInfo(value) is not null;

    /// <summary>The parameters as they may be stored: secrets and URL user-info replaced by salted hashes, each with a fresh salt.</summary>
    public static IReadOnlyDictionary<string, string> Protect(IReadOnlyDictionary<string, string> parameters) =>
        parameters.ToDictionary(p => p.Key, p => Protect(p.Key, p.Value), StringComparer.Ordinal);

    /// <summary>The value as it may be stored (see <see cref="Protect(IReadOnlyDictionary{string, string})"/>).</summary>
    public static string Protect(string name, string value)
    {
        if (IsSecret(name)) return Hash(NewSalt(), value);
        return UserInfo(value) is { } info ? value[..info.Start] + Hash(NewSalt(), value[info]) + value[info.End..] : value;
    }

    /// <summary>
    /// What differs between the stored parameters of a run and the current, clear ones; one line per parameter,
    /// showing no secret and no URL user-info.
    /// </summary>
    public static IEnumerable<string> Differences(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string> current)
    {
        foreach (var key in stored.Keys.Union(current.Keys).Order(StringComparer.Ordinal))
        {
            var old = stored.GetValueOrDefault(key);
            var now = current.GetValueOrDefault(key);
            if (old is not null && now is not null && Matches(key, old, now)) continue;
            yield return $"parameter --{key} was '{Display(key, old)}', now '{Display(key, now)}'";
        }
    }

    /// <summary>True when the clear value <paramref name="current"/> is the one <paramref name="stored"/> was made from.</summary>
    public static bool Matches(string name, string stored, string current)
    {
        if (IsSecret(name)) return HashMatches(stored, current) ?? stored == current;
        if (UserInfo(current) is not { } info) return stored == current;
        // The same URL around the user-info, and a user-info that hashes the same with the stored salt.
        var before = current[..info.Start];
        var after = current[info.End..];
        if (!stored.StartsWith(before, StringComparison.Ordinal) || !stored.EndsWith(after, StringComparison.Ordinal)
            || stored.Length < before.Length + after.Length) return false;
        return HashMatches(stored[before.Length..^after.Length], current[info]) ?? stored == current;
    }

    /// <summary>A value as messages show it: a secret as <c>(secret)</c>, URL user-info as <c>***</c>, an absent one as <c>(unset)</c>.</summary>
    public static string Display(string name, string? value) =>
        value is null ? "(unset)"
        : IsSecret(name) ? "(secret)"
        : UserInfo(value) is { } info ? value[..info.Start] + "***" + value[info.End..]
        : value;

    /// <summary>Where the user-info of a URL value lies (between <c>scheme://</c> and the last '@' of the authority), or null.</summary>
    public static Range? UserInfo(string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0 || !char.IsAsciiLetter(value[0]) || !value[..scheme].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return null;
        var start = scheme + 3;
        var end = value.IndexOfAny(['/', '?', '#'], start);
        var at = value.LastIndexOf('@', (end < 0 ? value.Length : end) - 1, (end < 0 ? value.Length : end) - start);
        return at < start ? null : start..at;
    }

    // True or false when `stored` is a salted hash; null when it is not one (a run folder written before values were hashed).
    private static bool? HashMatches(string stored, string value)
    {
        var parts = stored.Split(':');
        if (parts.Length != 3 || parts[0] + ":" != HashPrefix) return null;
        return Hash(parts[1], value) == stored;
    }

    private static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string Hash(string salt, string value) =>
        HashPrefix + salt + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + ":" + value)));
}
