using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using PSFlops.Engine.Models;

namespace PSFlops.Loading
{
    /// <summary>
    /// The one way model and hardware files are read: only regular files (a device such as /dev/zero, a named
    /// pipe, a socket, or a link to one is refused before it is opened, so nothing blocks or streams forever),
    /// and at most <see cref="MaxBytes"/> bytes counted as they are read, not taken from the size the file
    /// system reports (which is 0 for /dev/zero and for /proc files).
    /// </summary>
    internal static class BoundedFile
    {
        /// <summary>Model and hardware files are small; anything larger is refused.</summary>
        public const int MaxBytes = 4 * 1024 * 1024;

        public static byte[] Read(string path)
        {
            var at = new SourceLocation(path, 1, 1);
            if (Directory.Exists(path))
                throw new ModelDefinitionException("FileUnreadable", "The path is a directory, not a file.", at);
            if (!File.Exists(path))
                throw new ModelDefinitionException("FileNotFound", "The file does not exist.", at);
            string special = SpecialFileKind(path);
            if (special != null)
                throw new ModelDefinitionException("FileUnreadable", $"The path is {special}, not a regular file; model and hardware files are read only from regular files.", at);
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
                {
                    if (stream.CanSeek && stream.Length > MaxBytes) throw TooLarge(at, stream.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes");
                    var buffer = new MemoryStream();
                    var chunk = new byte[64 * 1024];
                    int read;
                    while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        if (buffer.Length + read > MaxBytes) throw TooLarge(at, "more than that");
                        buffer.Write(chunk, 0, read);
                    }
                    return buffer.ToArray();
                }
            }
            catch (IOException e) { throw new ModelDefinitionException("FileUnreadable", $"The file cannot be read: {e.Message}", at, e); }
            catch (UnauthorizedAccessException e) { throw new ModelDefinitionException("FileUnreadable", $"The file cannot be read: {e.Message}", at, e); }
        }

        /// <summary>
        /// Text of the bytes: UTF-8 (with or without a byte order mark), or UTF-16 when it has a byte order mark or
        /// the NUL pattern of ASCII text in UTF-16 (Windows' "Unicode" from Out-File in PowerShell 5.1).
        /// </summary>
        public static string Decode(byte[] bytes, SourceLocation at)
        {
            Encoding encoding = null;
            int offset = 0;
            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) { encoding = new UnicodeEncoding(false, false, true); offset = 2; }
            else if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) { encoding = new UnicodeEncoding(true, false, true); offset = 2; }
            else if (bytes.Length >= 4 && bytes.Length % 2 == 0 && bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0) encoding = new UnicodeEncoding(false, false, true);
            else if (bytes.Length >= 4 && bytes.Length % 2 == 0 && bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0) encoding = new UnicodeEncoding(true, false, true);
            if (encoding != null)
            {
                try { return encoding.GetString(bytes, offset, bytes.Length - offset); }
                catch (DecoderFallbackException) { throw new ModelDefinitionException("FileUnreadable", "The file looks like UTF-16 text but is not valid UTF-16; save it as UTF-8.", at); }
            }
            int probe = Math.Min(bytes.Length, 8192);
            for (int i = 0; i < probe; i++)
                if (bytes[i] == 0)
                    throw new ModelDefinitionException("FileUnreadable", "The file is binary (it holds NUL bytes), not YAML or JSON text.", at);
            offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            try { return new UTF8Encoding(false, true).GetString(bytes, offset, bytes.Length - offset); }
            catch (DecoderFallbackException) { throw new ModelDefinitionException("FileUnreadable", "The file is not valid UTF-8 text.", at); }
        }

        private static ModelDefinitionException TooLarge(SourceLocation at, string size) =>
            new ModelDefinitionException("FileTooLarge", $"The file is {size}; model and hardware files are at most {MaxBytes} bytes.", at);

        // --- what kind of file a path is (following links), without opening it: opening a named pipe blocks ---

        /// <summary>"a named pipe", "a device" or "a socket" for special files; null for a regular file or when unknown.</summary>
        internal static string SpecialFileKind(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                string full = path.Replace('/', '\\');
                return full.StartsWith(@"\\.\", StringComparison.Ordinal) || full.StartsWith(@"\\?\GLOBALROOT", StringComparison.OrdinalIgnoreCase)
                    ? "a device or pipe" : null;
            }
            int mode;
            try
            {
                var status = new byte[512];   // System.Native's FileStatus is ~120 bytes; room to spare
                byte[] name = Encoding.UTF8.GetBytes(path + "\0");
                if (SystemNativeStat(name, status) != 0) return null;   // let the open report it
                mode = BitConverter.ToInt32(status, 4) & 0xF000;      // FileStatus { int Flags; int Mode; ... }, PAL S_IF* bits
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                return null;   // not .NET's runtime (Mono): the byte limit still bounds the read
            }
            switch (mode)
            {
                case 0x8000: return null;             // S_IFREG
                case 0x1000: return "a named pipe";   // S_IFIFO
                case 0x2000:                          // S_IFCHR
                case 0x6000: return "a device";       // S_IFBLK
                case 0xC000: return "a socket";       // S_IFSOCK
                default: return null;
            }
        }

        // .NET's own portable stat (follows links), shipped with every .NET runtime on Linux and macOS; its mode bits
        // are normalised to the PAL's S_IF* values, so no platform's struct stat layout is assumed here.
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
        private static extern int SystemNativeStat(byte[] path, byte[] status);
    }
}
