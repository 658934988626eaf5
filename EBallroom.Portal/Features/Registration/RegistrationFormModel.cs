namespace EBallroom.Portal.Features.Registration;

/// <summary>What the public registration forms post. Bound by name, so a field the form lacks stays null.</summary>
public sealed class RegistrationFormModel
{
    public string? StudioIdNumber { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }

    public RegistrationInput ToInput() => new(FirstName, LastName, Email, Phone, BirthDate, Password, ConfirmPassword);

    /// <summary>A form shown again keeps what was typed, except the passwords.</summary>
    public void ForgetPasswords()
    {
        Password = null;
        ConfirmPassword = null;
    }
}
