using System.Text.RegularExpressions;
using System.Xml.Linq;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Repository;

/// <summary>Pipelines.sln (used by the Makefile) and Pipelines.slnx (the XML form for newer tools) must list the same projects.</summary>
public sealed class SolutionFilesTests
{
    [Fact]
    public void SolutionFiles_SlnAndSlnx_ListTheSameProjects()
    {
        var sln = Regex.Matches(File.ReadAllText(RepoPaths.Of("Pipelines.sln")), "\"([^\"]+\\.csproj)\"")
            .Select(m => m.Groups[1].Value.Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        var slnx = XDocument.Load(RepoPaths.Of("Pipelines.slnx")).Descendants("Project")
            .Select(p => (string)p.Attribute("Path")!).Order(StringComparer.Ordinal).ToArray();

        Assert.NotEmpty(sln);
        Assert.Equal(sln, slnx);
    }
}
