"""Club mode, for a club admin: invite by email, the members and pending invitations,
remove a membership."""

from __future__ import annotations

import streamlit as st

from risk import club_ui, ui
from risk.store import accounts
from risk.store.club_tables import ROLES

engine = ui.engine()
viewer = club_ui.viewer()
clubs = sorted(viewer.clubs("admin"))
if not clubs:
    st.info("Only a club admin sees this page.")
    st.stop()

names = {c: accounts.club_name(engine, viewer, c) for c in clubs}
st.title("Club members")
ui.show_flash()
club = clubs[0]
if len(clubs) > 1:
    club = st.selectbox("Club", clubs, format_func=lambda c: names[c], key="admin_club")
else:
    st.caption(names[club])

ROLE_HELP = (
    "An **athlete** owns one runner profile; a **coach** sees the athletes of this club "
    "(and edits those who allow it); an **admin** invites, removes and assigns."
)

st.subheader("Invite by email")
handover = accounts.unclaimed_runners(engine, viewer, club)
with st.form("invite", clear_on_submit=True):
    c1, c2 = st.columns([3, 1])
    email = c1.text_input("Email", placeholder="name@club.org", max_chars=320)
    role = c2.selectbox("Role", ROLES, help=ROLE_HELP)
    runner = None
    if handover:
        runner = st.selectbox(
            "Hand over a runner of the local app (athletes only)",
            [None, *(a for a, _ in handover)],
            format_func=lambda a: (
                "— none: they create their own —" if a is None else dict(handover)[a]
            ),
        )
    if st.form_submit_button("Invite", type="primary"):
        invited = ui.save(
            lambda: accounts.invite(engine, viewer, club, email, role, runner),
            lambda p: (
                f"Invited {p.email} as {p.role}: their next sign-in with that email joins "
                f"{names[club]}."
            ),
            for_runner=False,
        )
        if invited is not None:
            st.rerun()

st.subheader("Members")
members = accounts.members(engine, viewer, club)
st.dataframe(
    [
        {"Name": m.name, "Email": m.email or "", "Role": m.role, "Runner": m.runner or ""}
        for m in members
    ],
    hide_index=True,
    width="stretch",
)
labels = {m.membership_id: f"{m.name} — {m.role}" for m in members}
with st.form("remove"):
    chosen = st.selectbox("Remove a membership", list(labels), format_func=lambda i: labels[i])
    if st.form_submit_button("Remove from club"):
        removed = ui.save(
            lambda: accounts.remove_membership(engine, viewer, chosen),
            lambda said: said,
            for_runner=False,
        )
        if removed is not None:
            st.rerun()
st.caption("Removing an athlete keeps their runner profile and entries; they lose access.")

st.subheader("Pending invitations")
pending = accounts.pending_invitations(engine, viewer, club)
if not pending:
    st.caption("None: every invitation has been accepted.")
else:
    st.dataframe(
        [
            {"Email": p.email, "Role": p.role, "Invited": f"{p.created_at:%Y-%m-%d}"}
            for p in pending
        ],
        hide_index=True,
        width="stretch",
    )
    by_id = {p.invitation_id: f"{p.email} — {p.role}" for p in pending}
    with st.form("cancel"):
        withdrawn: int = st.selectbox(
            "Withdraw an invitation", list(by_id), format_func=lambda i: by_id[i]
        )
        if st.form_submit_button("Withdraw"):
            done = ui.save(
                lambda: accounts.cancel_invitation(engine, viewer, withdrawn),
                lambda mail: f"Withdrew the invitation to {mail}.",
                for_runner=False,
            )
            if done is not None:
                st.rerun()

with st.expander("Start another club"), st.form("new_club", clear_on_submit=True):
    new_name = st.text_input("Club name", max_chars=100)
    if st.form_submit_button("Start club"):
        made = ui.save(
            lambda: accounts.create_club(engine, viewer, new_name),
            f"Started {new_name.strip()}: you are its admin.",
            for_runner=False,
        )
        if made is not None:
            st.rerun()
