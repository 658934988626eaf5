using PhoneNumbers;

namespace EBallroom.Portal.Features.Clients;

/// <summary>Phone numbers read in the studio's region (libphonenumber), stored as E.164.</summary>
public static class PhoneFormat
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static string? ToE164(string raw, string region)
    {
        try
        {
            var number = Util.Parse(raw, region);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>National format for numbers of the studio's region, international for the others.</summary>
    public static string Display(string? e164, string region)
    {
        if (string.IsNullOrEmpty(e164)) return "";
        try
        {
            var number = Util.Parse(e164, region);
            var sameRegion = Util.GetRegionCodeForNumber(number) == region;
            return Util.Format(number, sameRegion ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    public static bool IsKnownRegion(string region) => Util.GetSupportedRegions().Contains(region);
}
