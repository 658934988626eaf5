using QRCoder;

namespace EBallroom.Portal.Infrastructure.Web;

public static class QrCodes
{
    /// <summary>A PNG of the QR code for <paramref name="text"/>, as a data URI an img or a download link can use.</summary>
    public static string PngDataUri(string text, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(pixelsPerModule));
    }
}
