namespace SmsPortal.Rules;
