"""La lettre du Cré-sol: the monthly newsletter composed from the sections, reviewed by staff, sent to
subscribers who confirmed their address (an account is not needed), archived at /lettre/."""
