using System.Text;
using CsvHelper;
using SmsPortal.Common;

namespace SmsPortal.Contacts.Import;

/// <summary>An uploaded CSV file read whole: its header and rows (the upload is bounded, so it fits in memory).</summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows)
{
    public const int MaxRows = 50_000;
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>Reads comma, semicolon, tab or bar separated text (CsvHelper detects which), with or without a BOM.</summary>
    public static CsvTable Read(string text)
    {
        using var reader = CsvReader.Create(new StringReader(text.TrimStart('\uFEFF')), new CsvReaderOptions { TrimWhitespace = true });
        var rows = new List<string[]>();
        IReadOnlyList<string> header;
        try
        {
            header = reader.Headers.Select(h => h.Trim()).ToList();
            while (reader.Read())
            {
                if (rows.Count == MaxRows)
                {
                    throw new UserInputException($"The file has more than {MaxRows:N0} rows; split it into smaller files.");
                }
                var row = Enumerable.Range(0, header.Count).Select(i => i < reader.Current.FieldCount ? reader.Current.GetString(i) : "").ToArray();
                if (row.Any(c => c.Length > 0))
                {
                    rows.Add(row);
                }
            }
        }
        catch (CsvFormatException ex)
        {
            throw new UserInputException($"The file is not CSV that can be read: {ex.Message}");
        }
        if (header.Count == 0 || header.All(h => h.Length == 0))
        {
            throw new UserInputException("The file is empty: it needs a header row and at least one contact.");
        }
        if (rows.Count == 0)
        {
            throw new UserInputException("The file has a header but no contacts.");
        }
        return new CsvTable(header, rows);
    }

    public static async Task<CsvTable> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var limited = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (limited.Length + read > MaxBytes)
            {
                throw new UserInputException($"The file is larger than {MaxBytes / 1024 / 1024} MB; split it into smaller files.");
            }
            limited.Write(buffer, 0, read);
        }
        return Read(Encoding.UTF8.GetString(limited.ToArray()));
    }
}
