using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Sluice.Cli.Scripting;

/// <summary>
/// Finds the parameters a script names in its source: <c>Param("name", …)</c> calls and <c>Args["name"]</c> or
/// <c>Args.Method("name", …)</c> reads with a literal name, wherever they are (also inside a workflow's stage
/// factories and steps, which run only later). Running the script finds the rest (<see cref="ScriptGlobals.Declared"/>).
/// </summary>
public static class ScriptParameterScan
{
    /// <summary>
    /// Each named parameter with its default when that is a literal (a string, or a number, possibly negative),
    /// else null.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Find(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetRoot();
        var found = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Param" }, ArgumentList.Arguments: { Count: > 0 } args }
                    when Literal(args[0].Expression) is string text:
                    found[text] = args.Count > 1 ? Literal(args[1].Expression) : null;
                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Args" } }, ArgumentList.Arguments: { Count: > 0 } margs }
                    when Literal(margs[0].Expression) is string text:
                    found.TryAdd(text, null);
                    break;
                case ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Args" }, ArgumentList.Arguments: { Count: 1 } eargs }
                    when Literal(eargs[0].Expression) is string text:
                    found.TryAdd(text, null);
                    break;
            }
        }
        return found;
    }

    private static object? Literal(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal => literal.Token.Value,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax { Token.Value: int i } } => -i,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax { Token.Value: double d } } => -d,
        _ => null,
    };
}
