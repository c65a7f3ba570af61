using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace SmsPortal.Data;

/// <summary>
/// The key that encrypts the Data Protection key ring by default: 32 random bytes in a file beside the database
/// (<c>keyring.key</c> in the data folder, or <c>DataProtection:KeyFile</c>), created on first start with owner-only
/// permissions (0600). The key ring in the database is useless without it, so a copy of the database alone reveals
/// no endpoint secret or gateway credential. Back it up with the database, but not in the same place.
/// </summary>
public sealed class KeyRingKeyFile
{
    public const string DefaultFileName = "keyring.key";
    private readonly Lazy<byte[]> _key;

    public KeyRingKeyFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _key = new Lazy<byte[]>(LoadOrCreate);
    }

    public string Path { get; }

    internal byte[] Key => _key.Value;

    private byte[] LoadOrCreate()
    {
        if (!File.Exists(Path))
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var created = RandomNumberGenerator.GetBytes(32);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using var stream = new FileStream(Path, options);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(created)));
                return created;
            }
            catch (IOException) when (File.Exists(Path))
            {
                // Another process (the CLI beside the app) created it first: use theirs.
            }
        }
        var key = Convert.FromBase64String(File.ReadAllText(Path).Trim());
        return key.Length == 32 ? key : throw new InvalidOperationException($"The key ring key file '{Path}' does not hold a 32-byte key.");
    }
}

/// <summary>AES-GCM with <see cref="KeyRingKeyFile"/> for each key of the ring.</summary>
public sealed class KeyFileXmlEncryptor(KeyRingKeyFile keyFile) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedValue = new byte[12 + 16 + plaintext.Length];
        var nonce = sealedValue.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(keyFile.Key, 16))
        {
            aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16));
        }
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with the key ring key file (DataProtection:KeyFile); without that file it cannot be read. "),
            new XElement("value", Convert.ToBase64String(sealedValue)));
        return new EncryptedXmlInfo(element, typeof(KeyFileXmlDecryptor));
    }
}

/// <summary>Created by Data Protection from the type name stored with each encrypted key.</summary>
public sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keyFile = services.GetRequiredService<KeyRingKeyFile>();
        var sealedValue = Convert.FromBase64String(encryptedElement.Element("value")?.Value
            ?? throw new CryptographicException("The encrypted key has no value."));
        var plaintext = new byte[sealedValue.Length - 28];
        using (var aes = new AesGcm(keyFile.Key, 16))
        {
            aes.Decrypt(sealedValue.AsSpan(0, 12), sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), plaintext);
        }
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
