namespace EBallroom.Portal.Tests.TestInfrastructure;

/// <summary>Temporary files of one test, deleted with it.</summary>
public sealed class TestFiles : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "ebp-tests", Guid.NewGuid().ToString("N"));

    public TestFiles() => System.IO.Directory.CreateDirectory(Directory);

    public string PathFor(string name) => Path.Combine(Directory, name);

    public string Write(string name, string content)
    {
        var path = PathFor(name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestSettings.DropDatabasesUnder(Directory);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
